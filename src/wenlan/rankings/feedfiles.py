"""Reading a feed file a row at a time, in bounded memory: CSV (UTF-8, `,` or `;`),
Excel (.xlsx, read-only, after a zip-bomb check) and JSON (JSON Lines, or a small
array). A column mapping renames a foreign feed's columns and fills constants.
Each row comes as (row number, {column: text}); a row that cannot be one (shifted
columns) comes with its reason instead."""

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext as _

from wenlan.rankings.errors import FeedRefusedError
from wenlan.rankings.policies import COLUMNS, OPTIONAL

FORMATS = ("csv", "xlsx", "json")
MAX_LINE_CHARS = 100_000
JSON_ARRAY_MAX_BYTES = 20 * 1024 * 1024
# An .xlsx is a zip: refuse one whose parts would inflate beyond these before opening it.
XLSX_MAX_UNCOMPRESSED = 512 * 1024 * 1024
XLSX_MAX_RATIO = 200
XLSX_MAX_MEMBERS = 1000


@dataclass
class Mapping:
    """A foreign feed's columns: {our column: its column}, constants for columns it
    lacks, a suffix for the period (`-12` makes a year a December month), and its
    delimiter. Read from `--map our=theirs,...` or a JSON file of the same keys."""

    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    period_suffix: str = ""
    delimiter: str = ""
    nulls: tuple[str, ...] = ()  # values that mean "empty" ("-")

    @classmethod
    def from_json(cls, text: str) -> "Mapping":
        data = json.loads(text)
        return cls(
            columns=dict(data.get("columns", {})),
            constants={k: str(v) for k, v in data.get("constants", {}).items()},
            period_suffix=str(data.get("period_suffix", "")),
            delimiter=str(data.get("delimiter", "")),
            nulls=tuple(str(v) for v in data.get("nulls", [])),
        )

    @classmethod
    def from_pairs(cls, text: str) -> "Mapping":
        mapping = cls()
        for pair in text.split(","):
            ours, sep, theirs = pair.partition("=")
            if not sep:
                continue
            ours, theirs = ours.strip(), theirs.strip()
            if theirs.startswith("'") and theirs.endswith("'") and len(theirs) >= 2:
                mapping.constants[ours] = theirs[1:-1]
            else:
                mapping.columns[ours] = theirs
        return mapping


class _CountingReader(io.RawIOBase):
    """Counts the bytes read and stops the file at the size cap."""

    def __init__(self, stream: BinaryIO, cap: int):
        self.stream, self.cap, self.read_bytes = stream, cap, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(min(len(buffer), 1 << 16))
        self.read_bytes += len(data)
        if self.read_bytes > self.cap:
            raise FeedRefusedError(
                _("文件超过 %(mb)s MB 上限，已停止读取。") % {"mb": self.cap // (1024 * 1024)}
            )
        buffer[: len(data)] = data
        return len(data)


def _header_map(kind: str, header: list[str], mapping: Mapping) -> dict[str, int]:
    """Our column → its position in the file; a clear refusal for a wrong header."""
    names = [h.strip().lstrip("\ufeff") for h in header]
    positions: dict[str, int] = {}
    for column in COLUMNS[kind]:
        wanted = mapping.columns.get(column, column)
        if wanted in names:
            positions[column] = names.index(wanted)
        elif column not in mapping.constants and column not in OPTIONAL[kind]:
            raise FeedRefusedError(
                _("表头缺少列 %(column)s（应为：%(expected)s）")
                % {"column": wanted[:50], "expected": ", ".join(COLUMNS[kind])}
            )
    return positions


def _record(kind: str, cells: list, positions: dict[str, int], mapping: Mapping) -> dict[str, str]:
    row = {
        column: "" if cells[i] is None else str(cells[i])
        for column, i in positions.items()
        if i < len(cells)
    }
    for column, value in row.items():
        if value.strip() in mapping.nulls:
            row[column] = ""
    for column, value in mapping.constants.items():
        row.setdefault(column, value)
    if mapping.period_suffix and row.get("period"):
        row["period"] = row["period"].strip() + mapping.period_suffix
    return row


Rows = Iterator[tuple[int, dict[str, str] | None, str]]


def _csv_rows(stream: BinaryIO, kind: str, mapping: Mapping) -> Rows:
    text = io.TextIOWrapper(
        io.BufferedReader(stream), encoding="utf-8-sig", errors="replace", newline=""
    )
    first = text.readline(MAX_LINE_CHARS)
    if not first.strip():
        raise FeedRefusedError(_("文件为空或没有表头。"))
    delimiter = mapping.delimiter or (";" if first.count(";") > first.count(",") else ",")
    header = next(csv.reader([first], delimiter=delimiter))
    positions = _header_map(kind, header, mapping)
    reader = csv.reader(text, delimiter=delimiter)
    number = 1
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise FeedRefusedError(_("第 %(row)s 行无法解析为 CSV。") % {"row": number}) from None
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            yield (
                number,
                None,
                _("列数为 %(got)s，应为 %(want)s（列错位）")
                % {"got": len(cells), "want": len(header)},
            )
            continue
        yield number, _record(kind, cells, positions, mapping), ""


def _xlsx_check(stream: BinaryIO) -> None:
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise FeedRefusedError(_("不是有效的 Excel (.xlsx) 文件。")) from None
    members = archive.infolist()
    if len(members) > XLSX_MAX_MEMBERS:
        raise FeedRefusedError(_("Excel 文件的组成部分过多，拒收。"))
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > XLSX_MAX_RATIO or total > XLSX_MAX_UNCOMPRESSED:
            raise FeedRefusedError(
                _("Excel 文件解压后过大（疑似压缩炸弹），拒收：%(name)s")
                % {"name": member.filename[:80]}
            )
    stream.seek(0)


def _xlsx_rows(stream: BinaryIO, kind: str, mapping: Mapping) -> Rows:
    import openpyxl

    _xlsx_check(stream)
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise FeedRefusedError(_("不是有效的 Excel (.xlsx) 文件。")) from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise FeedRefusedError(_("文件为空或没有表头。"))
        header = ["" if h is None else str(h) for h in header]
        positions = _header_map(kind, header, mapping)
        for number, cells in enumerate(rows, start=2):
            if not any(c not in (None, "") for c in cells):
                continue
            yield number, _record(kind, [_cell(c) for c in cells], positions, mapping), ""
    finally:
        book.close()


def _cell(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "hour"):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _json_rows(stream: BinaryIO, kind: str, mapping: Mapping, size: int) -> Rows:
    reader = codecs.getreader("utf-8")(stream, errors="replace")
    head = reader.read(1)
    while head and head.isspace():
        head = reader.read(1)
    if head == "[":
        if size > JSON_ARRAY_MAX_BYTES:
            raise FeedRefusedError(_("大于 20 MB 的 JSON 请按行发送（JSON Lines）。"))
        try:
            objects = json.loads(head + reader.read())
        except ValueError:
            raise FeedRefusedError(_("JSON 无法解析。")) from None
        lines = enumerate(objects, start=1)
    else:
        lines = _json_lines(head, reader)
    positions = None
    for number, obj in lines:
        if isinstance(obj, str):  # a line that is not JSON
            yield number, None, obj
            continue
        if not isinstance(obj, dict):
            yield number, None, _("不是 JSON 对象")
            continue
        if positions is None:
            header = list(obj)
            positions = _header_map(kind, header, mapping)
        cells = [obj.get(name) for name in header]
        yield number, _record(kind, [_cell(c) for c in cells], positions, mapping), ""


def _json_lines(head: str, reader) -> Iterator[tuple[int, dict | str]]:
    number, pending = 0, head
    while True:
        line = reader.readline(MAX_LINE_CHARS)
        if not line and not pending:
            return
        line, pending = pending + line, ""
        number += 1
        if len(line) >= MAX_LINE_CHARS and not line.endswith("\n"):
            raise FeedRefusedError(_("第 %(row)s 行过长。") % {"row": number})
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except ValueError:
            yield number, _("不是有效的 JSON")


def feed_rows(
    stream: BinaryIO, *, fmt: str, kind: str, mapping: Mapping | None, size_cap: int, size: int
) -> Rows:
    """The file's rows. Raises FeedRefusedError for a file that is not a feed at all."""
    mapping = mapping or Mapping()
    if fmt == "xlsx":
        if size > size_cap:
            raise FeedRefusedError(
                _("文件超过 %(mb)s MB 上限，已停止读取。") % {"mb": size_cap // (1024 * 1024)}
            )
        return _xlsx_rows(stream, kind, mapping)
    counted = _CountingReader(stream, size_cap)
    if fmt == "json":
        return _json_rows(io.BufferedReader(counted), kind, mapping, size)
    if fmt == "csv":
        return _csv_rows(counted, kind, mapping)
    raise FeedRefusedError(_("不支持的文件格式：请上传 CSV、Excel (.xlsx) 或 JSON。"))


def format_of(file_name: str) -> str:
    lower = file_name.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if lower.endswith((".json", ".jsonl", ".ndjson")):
        return "json"
    return "csv"
