"""Importing IMS Common Cartridges: small packages built here, the two real Canvas
exports in /work/shared (skipped without them), and broken packages that leave
nothing behind."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from django.urls import reverse

from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.learning.errors import CartridgeError
from wenlan.learning.models import Choice, Course, Lesson, Question
from wenlan.learning.services.cartridge import cartridge_import
from wenlan.learning.tests.factories import ProviderFactory, central_library

pytestmark = pytest.mark.django_db

SHARED = Path("/work/shared/data/common-cartridge-cc2olx")

# ruff: noqa: E501 - the XML of the packages is kept as the files hold it
MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
  xmlns:lom="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest">
 <metadata><lom:lom><lom:general><lom:title><lom:string>宋韵课程</lom:string></lom:title>
 </lom:general></lom:lom></metadata>
 <organizations><organization identifier="o" structure="rooted-hierarchy"><item identifier="root">
  <item identifier="m1"><title>第一单元</title>
   <item identifier="i1" identifierref="page"><title>导读</title></item>
   <item identifier="i2" identifierref="pdf"><title>讲义</title></item>
   <item identifier="i3" identifierref="link"><title>延伸阅读</title></item>
   <item identifier="i4" identifierref="quiz"><title>小测</title></item>
   <item identifier="i5" identifierref="lti"><title>外部工具</title></item>
  </item></item></organization></organizations>
 <resources>
  <resource identifier="page" type="webcontent" href="pages/intro.html"><file href="pages/intro.html"/></resource>
  <resource identifier="pdf" type="webcontent"><file href="files/notes.pdf"/></resource>
  <resource identifier="link" type="imswl_xmlv1p3"><file href="links/l.xml"/></resource>
  <resource identifier="quiz" type="imsqti_xmlv1p2/imscc_xmlv1p1/assessment"><file href="q/q.xml"/></resource>
  <resource identifier="lti" type="imsbasiclti_xmlv1p0"><file href="lti.xml"/></resource>
 </resources></manifest>"""

QTI = """<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2"><assessment ident="a">
<section ident="s"><item ident="q1" title="Q1"><itemmetadata><qtimetadata><qtimetadatafield>
<fieldlabel>cc_profile</fieldlabel><fieldentry>cc.multiple_choice.v0p1</fieldentry>
</qtimetadatafield></qtimetadata></itemmetadata>
<presentation><material><mattext texttype="text/html">&lt;p&gt;南宋都城？&lt;/p&gt;</mattext></material>
<response_lid ident="r"><render_choice>
<response_label ident="A"><material><mattext>临安</mattext></material></response_label>
<response_label ident="B"><material><mattext>汴京</mattext></material></response_label>
</render_choice></response_lid></presentation>
<resprocessing><respcondition><conditionvar><varequal respident="r">A</varequal></conditionvar>
<setvar action="Set" varname="SCORE">100</setvar></respcondition></resprocessing></item>
</section></assessment></questestinterop>"""


def _package(files: dict[str, bytes | str]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def _good() -> dict[str, bytes | str]:
    return {
        "imsmanifest.xml": MANIFEST,
        "pages/intro.html": "<h2>临安</h2><p>正文</p><script>alert(1)</script>",
        "files/notes.pdf": b"%PDF-1.4 notes",
        "links/l.xml": '<webLink><title>x</title><url href="example.org/song"/></webLink>',
        "q/q.xml": QTI,
        "lti.xml": "<cartridge_basiclti_link/>",
    }


@pytest.fixture
def provider():
    return ProviderFactory()


def test_a_small_cartridge_becomes_a_draft_course(provider, settings):
    report = cartridge_import(actor=SYSTEM, source=_package(_good()), provider_id=provider.pk)
    course = Course.objects.get()
    assert (course.title_zh, course.status) == ("宋韵课程", "draft")
    lessons = list(Lesson.objects.order_by("position"))
    assert [(lesson.kind, lesson.title_zh) for lesson in lessons] == [
        ("text", "导读"),
        ("file", "讲义"),
        ("link", "延伸阅读"),
        ("text", "小测"),
    ]
    assert "<script>" not in lessons[0].body_zh and "<h2>临安</h2>" in lessons[0].body_zh
    assert (Path(settings.MEDIA_ROOT) / lessons[1].file.name).read_bytes() == b"%PDF-1.4 notes"
    assert lessons[2].url == "https://example.org/song"
    question = Question.objects.get()
    assert question.text_zh == "南宋都城？" and not question.multiple
    assert [(c.text_zh, c.correct) for c in Choice.objects.order_by("pk")] == [
        ("临安", True),
        ("汴京", False),
    ]
    assert [(s.title, s.kind) for s in report.skipped] == [("外部工具", "imsbasiclti_xmlv1p0")]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (None, "不是 zip"),
        ({"pages/a.html": "<p>x</p>"}, "没有 imsmanifest.xml"),
        ({"imsmanifest.xml": MANIFEST, "../evil.html": "x"}, "不安全的文件路径"),
        ({"imsmanifest.xml": MANIFEST, "/etc/passwd": "x"}, "不安全的文件路径"),
        ({"imsmanifest.xml": "<manifest><unclosed>"}, "无法解析"),
        (
            {"imsmanifest.xml": '<!DOCTYPE m [<!ENTITY a "aaaa">]><manifest>&a;</manifest>'},
            "无法解析",
        ),
    ],
)
def test_broken_packages_are_refused_and_leave_nothing(provider, settings, files, message):
    source = io.BytesIO(b"not a zip at all") if files is None else _package(files)
    with pytest.raises(CartridgeError) as refused:
        cartridge_import(actor=SYSTEM, source=source, provider_id=provider.pk)
    assert message in str(refused.value)
    assert not Course.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "learning").exists()


def test_a_zip_bomb_is_refused(provider):
    files = _good()
    files["bomb.txt"] = b"\x00" * (20 * 1024 * 1024)  # deflates about a thousand to one
    with pytest.raises(CartridgeError, match="zip 炸弹"):
        cartridge_import(actor=SYSTEM, source=_package(files), provider_id=provider.pk)
    assert not Course.objects.exists()


def test_a_failure_while_writing_removes_the_files_already_written(provider, settings, monkeypatch):
    from wenlan.learning.services import cartridge as service

    def fail(**kwargs):
        raise IntegrityError("boom")

    monkeypatch.setattr(service.Quiz.objects, "create", fail)
    with pytest.raises(IntegrityError):
        cartridge_import(actor=SYSTEM, source=_package(_good()), provider_id=provider.pk)
    assert not Course.objects.exists() and not Lesson.objects.exists()
    files = list((Path(settings.MEDIA_ROOT) / "learning").rglob("*.*"))
    assert files == []


def _zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


@pytest.mark.skipif(not SHARED.is_dir(), reason="the cc2olx cartridges live in /work/shared")
def test_the_real_canvas_export_main(provider, tmp_path, capsys):
    package = _zip_folder(SHARED / "main", tmp_path / "main.imscc")
    call_command("learning", "import-cartridge", str(package), "--provider", str(provider.pk))
    out, err = capsys.readouterr()
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["lessons"] == 20 and summary["quizzes"] == 1 and summary["questions"] == 3
    kinds = list(Lesson.objects.order_by("position").values_list("kind", flat=True))
    assert kinds.count("link") == 7 and kinds.count("file") == 3
    # LTI, discussions, assignments and the unsupported question types are listed.
    for reason in ("imsbasiclti_xmlv1p0", "imsdt_xmlv1p1", "assignment_xmlv1p0", "cc.essay"):
        assert reason in err
    assert summary["not_imported"] == err.count("not imported:")
    assert "<iframe" not in "".join(Lesson.objects.values_list("body_en", flat=True))


@pytest.mark.skipif(not SHARED.is_dir(), reason="the cc2olx cartridges live in /work/shared")
def test_the_real_canvas_export_corner_cases(provider, tmp_path, capsys):
    package = _zip_folder(SHARED / "corner_cases", tmp_path / "corner.imscc")
    call_command("learning", "import-cartridge", str(package), "--provider", str(provider.pk))
    out, err = capsys.readouterr()
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["lessons"] == 1  # the text file; the rest is listed
    # The missing page, two unknown resources, the strange question and its quiz.
    assert summary["not_imported"] == 5 == err.count("not imported:")
    assert "Unknown content" in err and "cc.strange" in err and "migration_patterns" in err


def test_the_command_refuses_a_broken_package_with_a_message(provider, tmp_path):
    bad = tmp_path / "bad.imscc"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(CommandError, match="不是 zip"):
        call_command("learning", "import-cartridge", str(bad))
    assert not Course.objects.exists()


def test_staff_upload_page(client, provider):
    client.force_login(staff_with_role(Role.BRANCH_LIBRARIAN, library=central_library()))
    package = _package(_good())
    package.name = "course.imscc"
    response = client.post(
        reverse("learning:staff_cartridge_import"), {"package": package, "provider": provider.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "外部工具" in page and "LTI" in page
    bad = io.BytesIO(b"nope")
    bad.name = "x.imscc"
    response = client.post(
        reverse("learning:staff_cartridge_import"), {"package": bad, "provider": provider.pk}
    )
    assert response.status_code == 422 and "不是 zip" in response.content.decode()
    assert Course.objects.count() == 1
