"""The exports opened again: the PDF's text read back with pypdf, the DOCX with
python-docx (and its runs' East Asian font checked)."""

import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from wenlan.thinktank import exports
from wenlan.thinktank.models import BulletinSection
from wenlan.thinktank.selectors import ImpactRow
from wenlan.thinktank.tests.factories import BulletinFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulletin():
    issued = BulletinFactory(
        series=SeriesFactory(name_zh="决策参考"),
        title="关于推进湿地保护的建议",
        status="issued",
        year=2026,
        number=7,
        issued_on=dt.date(2026, 12, 3),
    )
    BulletinSection.objects.create(
        bulletin=issued,
        position=1,
        heading="西溪湿地保护经验",
        text="<p>湿地面积稳定</p><img src='http://127.0.0.1/x.png'>",
        source="浙江日报",
        note="建议推广",
    )
    return issued


def test_the_pdf_has_the_title_block_number_and_sections(bulletin):
    data = exports.bulletin_pdf(bulletin)
    assert data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    squeezed = "".join(text.split())
    for expected in [
        "决策参考",
        "2026年第7期",
        "关于推进湿地保护的建议",
        "西溪湿地保护经验",
        "湿地面积稳定",
        "建议推广",
    ]:
        assert expected in squeezed, expected


def test_the_docx_has_the_title_number_sections_and_chinese_fonts(bulletin):
    document = Document(io.BytesIO(exports.bulletin_docx(bulletin)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:2] == ["决策参考", "2026年第7期"]
    assert "关于推进湿地保护的建议" in paragraphs
    assert "1. 西溪湿地保护经验" in paragraphs
    assert "湿地面积稳定" in paragraphs
    assert "【编者按】建议推广" in paragraphs
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run._element.rPr.rFonts.get(qn("w:eastAsia")).startswith("Noto")


def test_the_impact_workbook():
    book = load_workbook(
        io.BytesIO(
            exports.impact_workbook(
                [
                    ImpactRow(
                        series="决策参考",
                        year=2026,
                        issues=3,
                        submissions=4,
                        instructions=2,
                        adoptions=1,
                    )
                ]
            )
        )
    )
    rows = list(book.active.values)
    assert rows == [
        ("系列", "年份", "期数", "报送次数", "领导批示", "政策采纳"),
        ("决策参考", 2026, 3, 4, 2, 1),
    ]
