"""Reading an IMS Common Cartridge (`.imscc`, a zip that Canvas and Moodle export):
the package is checked before anything is read (a zip, no path leaving it, not a
zip bomb, a manifest), `imsmanifest.xml` is parsed with defusedxml, and the
organisation's items become a plan of lessons and quizzes, with everything that
cannot be mapped listed with its reason. Nothing here touches the database:
`services.cartridge.cartridge_import` writes the plan in one transaction."""

import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO
from urllib.parse import unquote

import nh3
from defusedxml import ElementTree
from django.utils.translation import gettext as _

from wenlan.learning.errors import CartridgeError
from wenlan.learning.html import html_clean

MAX_ENTRIES = 5_000
MAX_RATIO = 200  # a member that unpacks to more than 200 times its packed size is a bomb


@dataclass
class PlannedQuestion:
    text: str
    multiple: bool
    choices: list[tuple[str, bool]]


@dataclass
class PlannedLesson:
    kind: str  # LessonKind value
    title: str
    body: str = ""
    url: str = ""
    file_name: str = ""
    file_bytes: bytes = b""
    questions: list[PlannedQuestion] = field(default_factory=list)


@dataclass
class Skipped:
    title: str
    kind: str
    reason: str


@dataclass
class CartridgePlan:
    title: str
    lessons: list[PlannedLesson]
    skipped: list[Skipped]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element, name: str):
    return [child for child in element if _local(child.tag) == name]


def _first(element, name: str):
    for child in element.iter():
        if _local(child.tag) == name:
            return child
    return None


def _text(element) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _open_zip(source: BinaryIO, *, unpacked_limit: int) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise CartridgeError(_("这不是一个有效的课程包（不是 zip 文件）。")) from error
    members = archive.infolist()
    if len(members) > MAX_ENTRIES:
        raise CartridgeError(_("课程包中的文件过多。"))
    total = 0
    for member in members:
        name = member.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            raise CartridgeError(_("课程包中有不安全的文件路径：%(name)s") % {"name": name[:100]})
        total += member.file_size
        if (
            member.file_size > MAX_RATIO * max(member.compress_size, 1)
            and member.file_size > 1_000_000
        ):
            raise CartridgeError(_("课程包解压后异常膨胀（疑似 zip 炸弹）。"))
    if total > unpacked_limit:
        raise CartridgeError(_("课程包解压后过大。"))
    return archive


def _read(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return archive.read(name)
    except KeyError:
        return None


def cartridge_plan(source: BinaryIO, *, unpacked_limit: int) -> CartridgePlan:
    archive = _open_zip(source, unpacked_limit=unpacked_limit)
    manifest_bytes = _read(archive, "imsmanifest.xml")
    if manifest_bytes is None:
        raise CartridgeError(_("课程包中没有 imsmanifest.xml。"))
    try:
        manifest = ElementTree.fromstring(manifest_bytes)
    except Exception as error:  # noqa: BLE001 - defusedxml raises several kinds
        raise CartridgeError(_("imsmanifest.xml 无法解析。")) from error
    general = _first(manifest, "general")
    title = _text(_first(general if general is not None else manifest, "string")) or "Course"
    resources = {}
    for resources_el in _children(manifest, "resources"):
        for resource in _children(resources_el, "resource"):
            resources[resource.get("identifier", "")] = resource
    plan = CartridgePlan(title=title[:200], lessons=[], skipped=[])
    organizations = _first(manifest, "organizations")
    organization = _first(organizations, "organization") if organizations is not None else None
    if organization is None:
        raise CartridgeError(_("课程包没有课程结构（organization）。"))
    for item in _children(organization, "item"):
        _walk(item, [], archive, resources, plan)
    return plan


def _walk(item, path: list[str], archive, resources, plan: CartridgePlan) -> None:
    title = _text(next(iter(_children(item, "title")), None))
    ref = item.get("identifierref")
    children = _children(item, "item")
    if ref:
        _plan_item(title or ref, resources.get(ref), archive, plan)
    for child in children:
        _walk(child, [*path, title] if title else path, archive, resources, plan)


def _resource_file(resource, archive) -> str:
    """The resource's file: its `href` when the package holds it, else its first
    `<file>` (Canvas writes an href without the .html its file has)."""
    names = [resource.get("href") or ""]
    names += [file_el.get("href") or "" for file_el in _children(resource, "file")]
    names = [unquote(name) for name in names if name]
    held = set(archive.namelist())
    return next((name for name in names if name in held), names[0] if names else "")


def _plan_item(title: str, resource, archive, plan: CartridgePlan) -> None:
    if resource is None:
        plan.skipped.append(Skipped(title, "missing", _("清单中找不到它引用的资源。")))
        return
    kind = resource.get("type", "")
    href = _resource_file(resource, archive)
    if kind == "webcontent":
        data = _read(archive, href) if href else None
        if data is None:
            plan.skipped.append(
                Skipped(title, kind, _("资源文件不在课程包中：%(f)s") % {"f": href})
            )
        elif href.lower().endswith((".html", ".htm")):
            body = html_clean(data.decode("utf-8", errors="replace"))
            plan.lessons.append(PlannedLesson(kind="text", title=title, body=body))
        else:
            name = posixpath.basename(href)[:200] or "file"
            plan.lessons.append(
                PlannedLesson(kind="file", title=title, file_name=name, file_bytes=data)
            )
    elif kind.startswith("imswl_"):
        _plan_link(title, kind, href, archive, plan)
    elif kind.startswith("imsqti_") and kind.endswith("/assessment"):
        _plan_quiz(title, kind, href, archive, plan)
    elif kind.startswith("imsbasiclti"):
        plan.skipped.append(Skipped(title, kind, _("LTI 外部工具需要工具提供方接入，未导入。")))
    elif kind.startswith("imsdt_"):
        plan.skipped.append(Skipped(title, kind, _("讨论区不是课时，未导入。")))
    elif kind.startswith("assignment_"):
        plan.skipped.append(Skipped(title, kind, _("作业需要提交与批改，未导入。")))
    else:
        plan.skipped.append(Skipped(title, kind, _("不支持的资源类型。")))


def _plan_link(title: str, kind: str, href: str, archive, plan: CartridgePlan) -> None:
    data = _read(archive, href) if href else None
    url = ""
    if data is not None:
        try:
            url_el = _first(ElementTree.fromstring(data), "url")
            url = (url_el.get("href") or "").strip() if url_el is not None else ""
        except Exception:  # noqa: BLE001 - defusedxml raises several kinds
            url = ""
    if url and "://" not in url:
        url = "https://" + url
    if not url.startswith(("http://", "https://")) or len(url) > 500:
        plan.skipped.append(Skipped(title, kind, _("网页链接无法读取。")))
        return
    plan.lessons.append(PlannedLesson(kind="link", title=title, url=url))


def _plan_quiz(title: str, kind: str, href: str, archive, plan: CartridgePlan) -> None:
    data = _read(archive, href) if href else None
    try:
        root = ElementTree.fromstring(data) if data is not None else None
    except Exception:  # noqa: BLE001 - defusedxml raises several kinds
        root = None
    if root is None:
        plan.skipped.append(Skipped(title, kind, _("测验文件无法读取。")))
        return
    questions: list[PlannedQuestion] = []
    for item in (el for el in root.iter() if _local(el.tag) == "item"):
        question, reason = _qti_question(item)
        item_title = item.get("title") or item.get("ident") or ""
        if question is None:
            plan.skipped.append(Skipped(f"{title} · {item_title}", "qti-item", reason))
        else:
            questions.append(question)
    if not questions:
        plan.skipped.append(Skipped(title, kind, _("测验中没有可导入的单选或多选题。")))
        return
    plan.lessons.append(PlannedLesson(kind="text", title=title, questions=questions))


SINGLE_PROFILES = {"cc.multiple_choice.v0p1", "cc.true_false.v0p1"}
MULTIPLE_PROFILES = {"cc.multiple_response.v0p1"}


def _qti_question(item) -> tuple[PlannedQuestion | None, str]:
    profile = ""
    for field_el in (el for el in item.iter() if _local(el.tag) == "qtimetadatafield"):
        label = _text(next(iter(_children(field_el, "fieldlabel")), None))
        if label == "cc_profile":
            profile = _text(next(iter(_children(field_el, "fieldentry")), None))
    if profile not in SINGLE_PROFILES | MULTIPLE_PROFILES:
        return None, _("题型 %(profile)s 不是单选或多选，未导入。") % {"profile": profile or "?"}
    presentation = _first(item, "presentation")
    text = _plain(_first(presentation, "mattext")) if presentation is not None else ""
    labels = [el for el in item.iter() if _local(el.tag) == "response_label"]
    correct = _correct_idents(item)
    choices = [
        (_plain(_first(label, "mattext")) or label.get("ident", ""), label.get("ident") in correct)
        for label in labels
    ]
    multiple = profile in MULTIPLE_PROFILES
    right = sum(1 for _choice, ok in choices if ok)
    if len(choices) < 2 or right == 0 or (not multiple and right != 1):
        return None, _("找不到这道题的正确答案，未导入。")
    return PlannedQuestion(text=text or "?", multiple=multiple, choices=choices), ""


def _plain(element) -> str:
    """A QTI text (often HTML, escaped) as plain text for a question or a choice."""
    raw = _text(element)
    return " ".join(nh3.clean(raw, tags=set()).split())[:300]


def _correct_idents(item) -> set[str]:
    """The choices a full score asks for: the `varequal`s (not under a `not`) of the
    condition that sets the score to its maximum."""
    found: set[str] = set()
    for condition in (el for el in item.iter() if _local(el.tag) == "respcondition"):
        setvar = _first(condition, "setvar")
        if setvar is None or _text(setvar) not in ("100", "100.0", "1"):
            continue
        conditionvar = _first(condition, "conditionvar")
        if conditionvar is not None:
            _collect_equal(conditionvar, found, negated=False)
    return found


def _collect_equal(element, found: set[str], *, negated: bool) -> None:
    for child in element:
        name = _local(child.tag)
        if name == "varequal" and not negated:
            found.add(_text(child))
        elif name == "not":
            _collect_equal(child, found, negated=True)
        else:
            _collect_equal(child, found, negated=negated)
