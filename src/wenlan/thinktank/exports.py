"""An issued (or any) bulletin as PDF (WeasyPrint: the official look — the series in
a red title block, the number and date, a red rule, then the sections) and as DOCX
(python-docx, the Chinese font set on every run through `w:eastAsia`); the impact
figures as an Excel workbook."""

import io
from pathlib import Path

from django.template.loader import render_to_string

from wenlan.thinktank.feeds import to_text
from wenlan.thinktank.models import Bulletin
from wenlan.thinktank.selectors import ImpactRow

# The PDF's stylesheet is a file of its own, given to WeasyPrint: templates hold no
# inline style (tests/test_http_guards.py).
PDF_STYLESHEET = Path(__file__).parent / "templates" / "thinktank" / "export" / "bulletin_pdf.css"

SERIF_CJK = "Noto Serif CJK SC"
SANS_CJK = "Noto Sans CJK SC"
RED = "C00000"


def _refuse_fetch(url: str, *args, **kwargs):
    """A bulletin's text is the editors': nothing in it is fetched while printing."""
    raise ValueError(f"not fetched: {url[:100]}")


def _paragraphs(value: str) -> list[str]:
    return [line for line in to_text(value).splitlines() if line]


def _context(bulletin: Bulletin) -> dict:
    sections = [
        {
            "heading": s.heading,
            "paragraphs": _paragraphs(s.text),
            "source": s.source,
            "note": _paragraphs(s.note),
        }
        for s in bulletin.sections.all()
    ]
    return {"bulletin": bulletin, "series": bulletin.series, "sections": sections}


def bulletin_pdf(bulletin: Bulletin) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string("thinktank/export/bulletin_pdf.html", _context(bulletin))
    stylesheet = CSS(filename=str(PDF_STYLESHEET))
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(stylesheets=[stylesheet])


def _font(run, *, name: str, size: float, bold: bool = False, color: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def bulletin_docx(bulletin: Bulletin) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    context = _context(bulletin)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(bulletin.series.name_zh), name=SERIF_CJK, size=36, bold=True, color=RED)
    line = document.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(line.add_run(str(bulletin.number_label) or "（未编号）"), name=SERIF_CJK, size=14)
    meta = document.add_paragraph()
    issuer = bulletin.series.issuer or "文澜图书馆"
    issued = f"{bulletin.issued_on:%Y年%m月%d日}" if bulletin.issued_on else ""
    _font(meta.add_run(f"{issuer}　　{issued}"), name=SERIF_CJK, size=12, color=RED)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(bulletin.title), name=SANS_CJK, size=20, bold=True)
    for number, section in enumerate(context["sections"], start=1):
        _font(
            document.add_paragraph().add_run(f"{number}. {section['heading']}"),
            name=SANS_CJK,
            size=15,
            bold=True,
        )
        for note in section["note"]:
            _font(
                document.add_paragraph().add_run(f"【编者按】{note}"),
                name=SERIF_CJK,
                size=12,
                bold=True,
            )
        for paragraph in section["paragraphs"]:
            _font(document.add_paragraph().add_run(paragraph), name=SERIF_CJK, size=14)
        if section["source"]:
            _font(
                document.add_paragraph().add_run(f"（来源：{section['source']}）"),
                name=SERIF_CJK,
                size=11,
            )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def impact_workbook(rows: list[ImpactRow]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "impact"
    sheet.append(["系列", "年份", "期数", "报送次数", "领导批示", "政策采纳"])
    for row in rows:
        sheet.append(
            [row.series, row.year, row.issues, row.submissions, row.instructions, row.adoptions]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
