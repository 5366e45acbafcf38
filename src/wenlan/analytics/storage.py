"""Where the datasets live: a directory or any pyarrow.fs URI (WENLAN_ANALYTICS_URI),
its manifests and the CURRENT pointer.

    <root>/CURRENT                          the export id readers read, written last
    <root>/_manifests/<export id>.json      each export's files per dataset, watermarks
    <root>/<dataset>/month=YYYY-MM/library=<id>/part-<export id>-<n>.parquet

Readers read only the files the CURRENT manifest lists, so files of an export that
has not finished (or crashed) are never read."""

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from wenlan.analytics.errors import ManifestDamagedError

POINTER = "CURRENT"
MANIFESTS = "_manifests"


@dataclass
class DatasetFiles:
    files: list[dict] = field(default_factory=list)  # {"path": relative path, "rows": n}
    watermark: dict = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(f["rows"] for f in self.files)


@dataclass
class Manifest:
    export_id: str
    created_at: str
    previous: str | None
    datasets: dict[str, DatasetFiles]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        data = json.loads(text)
        data["datasets"] = {name: DatasetFiles(**state) for name, state in data["datasets"].items()}
        return cls(**data)

    def dataset(self, name: str) -> DatasetFiles:
        return self.datasets.get(name) or DatasetFiles()


class Store:
    """The analytics location. Paths given to it are relative to its root."""

    def __init__(self, uri: str):
        self.uri = uri.rstrip("/")
        if "://" in uri:
            self.fs, root = pafs.FileSystem.from_uri(uri)
            self.scheme = uri.split("://", 1)[0]
        else:
            self.fs, root, self.scheme = pafs.LocalFileSystem(), os.path.abspath(uri), ""
        self.root = root.rstrip("/")
        self.is_local = isinstance(self.fs, pafs.LocalFileSystem)

    def path(self, relative: str) -> str:
        return f"{self.root}/{relative}"

    def url(self, relative: str) -> str:
        """The address an engine reads: a local path, or the URI of an object."""
        if self.is_local:
            return self.path(relative)
        return f"{self.scheme}://{self.path(relative)}"

    def _read_text(self, relative: str) -> str | None:
        try:
            with self.fs.open_input_stream(self.path(relative)) as stream:
                return stream.read().decode()
        except FileNotFoundError:
            return None

    def _write_text(self, relative: str, text: str) -> None:
        path = self.path(relative)
        self.fs.create_dir(path.rsplit("/", 1)[0], recursive=True)
        with self.fs.open_output_stream(path) as stream:
            stream.write(text.encode())

    def current_export_id(self) -> str | None:
        text = self._read_text(POINTER)
        if text is None:
            return None
        return text.strip() or None

    def manifest(self, export_id: str) -> Manifest:
        text = self._read_text(f"{MANIFESTS}/{export_id}.json")
        if text is None:
            raise ManifestDamagedError()
        try:
            return Manifest.from_json(text)
        except (ValueError, KeyError, TypeError) as error:
            raise ManifestDamagedError() from error

    def current_manifest(self) -> Manifest | None:
        export_id = self.current_export_id()
        return self.manifest(export_id) if export_id else None

    def manifest_write(self, manifest: Manifest) -> None:
        self._write_text(f"{MANIFESTS}/{manifest.export_id}.json", manifest.to_json())

    def pointer_write(self, export_id: str) -> None:
        """Point readers at `export_id`: a rename on a filesystem (atomic), a single
        PUT on object storage (atomic too)."""
        if not self.is_local:
            self._write_text(POINTER, export_id + "\n")
            return
        temporary = f"{POINTER}.{export_id}.tmp"
        self._write_text(temporary, export_id + "\n")
        self.fs.move(self.path(temporary), self.path(POINTER))

    def writer(self, relative: str, schema: pa.Schema) -> pq.ParquetWriter:
        path = self.path(relative)
        self.fs.create_dir(path.rsplit("/", 1)[0], recursive=True)
        return pq.ParquetWriter(path, schema, filesystem=self.fs, compression="zstd")

    def files_under(self, relative: str) -> list[str]:
        """Every file below `relative`, as paths relative to the root."""
        selector = pafs.FileSelector(self.path(relative), recursive=True, allow_not_found=True)
        prefix = self.root + "/"
        return sorted(
            info.path.removeprefix(prefix)
            for info in self.fs.get_file_info(selector)
            if info.type == pafs.FileType.File
        )

    def delete(self, relative: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.fs.delete_file(self.path(relative))
