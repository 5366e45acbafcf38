"""The demo's online exhibition: twelve books of the demo catalog, each on a card
drawn from its MARC record (title, author, publisher, year), with captions in
both languages: the Chinese as catalogued, the English from the romanised forms
and subject headings the record carries (pinyin where it has none). The cards
are drawn with Pillow; Chinese needs a CJK font (Noto Sans CJK, as Debian's
fonts-noto-cjk installs it), without which the cards carry the romanised text.
Idempotent: once the exhibition exists, nothing is drawn again."""

import hashlib
import io
import textwrap
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from wenlan.accounts.actors import SYSTEM
from wenlan.catalog.models import Record
from wenlan.core import clock, text
from wenlan.exhibitions.models import Exhibition, ExhibitionImage
from wenlan.exhibitions.services import exhibition_image_save, exhibition_save
from wenlan.network.models import Library

SLUG = "book-cards"
CARDS = 12
CARD_SIZE = (800, 1100)
# (path, index of the Simplified Chinese face in a collection)
CJK_FONTS = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/System/Library/Fonts/PingFang.ttc", 0),
]
# Background colours by CLC main class; others by a hash of the title.
PALETTE = ["#7a2e2a", "#2f4f6f", "#4a6b3a", "#6b4f2a", "#3d3a6b", "#2a5f5f", "#5f2a4f"]
CLC_COLOURS = {"I": "#7a2e2a", "K": "#6b4f2a", "D": "#2f4f6f", "F": "#2a5f5f", "B": "#3d3a6b"}


def _cjk_font(size: int) -> ImageFont.FreeTypeFont | None:
    for path, index in CJK_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size, index=index)
    return None


def _latin(value: str, *, name: bool = False) -> str:
    """Pinyin for Chinese text, as library catalogues romanise it: a title
    syllable by syllable (Hong lou meng), a name as surname and given name (Cao
    Xueqin; a one-character surname assumed)."""
    if not text.has_han(value):
        return value
    syllables = [s for w in text.words(value) for s in text.pinyin_of(w)]
    if name and len(syllables) > 1:
        return f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}"
    return " ".join(syllables).capitalize()


def _wrap(draw: ImageDraw.ImageDraw, value: str, font, width: int, lines: int) -> list[str]:
    """Lines that fit `width` pixels: by words for Latin, by characters for Chinese."""
    units = list(value) if text.has_han(value) else value.split()
    joiner = "" if text.has_han(value) else " "
    out, line = [], ""
    for unit in units:
        candidate = f"{line}{joiner}{unit}" if line else unit
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
            continue
        out.append(line)
        line = unit
        if len(out) == lines:
            break
    if line and len(out) < lines:
        out.append(line)
    if len(out) == lines and "".join(out).replace(" ", "") != value.replace(" ", ""):
        out[-1] = out[-1][: max(1, len(out[-1]) - 1)] + "…"
    return out


def _card(record: Record) -> bytes:
    """A PNG card for the record."""
    width, height = CARD_SIZE
    colour = (
        CLC_COLOURS.get(record.clc_top)
        or PALETTE[int(hashlib.sha256(record.title.encode()).hexdigest(), 16) % len(PALETTE)]
    )
    image = Image.new("RGB", CARD_SIZE, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, width - 40, height - 40), outline="#f4ead5", width=3)
    draw.line((width - 90, 40, width - 90, height - 40), fill="#f4ead5", width=2)
    cjk = _cjk_font(64)
    if cjk is not None:
        title, author = _title(record.title), _author(record)
        fonts = (cjk, _cjk_font(36), _cjk_font(28))
    else:
        title, author = (
            _title(record.title_romanised or _latin(record.title)),
            _author_latin(record),
        )
        fonts = tuple(ImageFont.load_default(size) for size in (56, 34, 26))
    title_font, author_font, small_font = fonts
    draw.text((80, 80), "文澜 · WENLAN" if cjk else "WENLAN", font=small_font, fill="#f4ead5")
    y = 220
    for line in _wrap(draw, title, title_font, width - 220, 6):
        draw.text((80, y), line, font=title_font, fill="#fffaf0")
        y += int(title_font.size * 1.35)
    y += 40
    for line in _wrap(draw, author, author_font, width - 220, 2):
        draw.text((80, y), line, font=author_font, fill="#f4ead5")
        y += int(author_font.size * 1.4)
    imprint = " · ".join(
        part
        for part in (
            record.publisher if cjk else _latin(record.publisher),
            str(record.year or ""),
        )
        if part
    )
    bottom = height - 80 - 2 * int(small_font.size * 1.4)
    for line in _wrap(draw, imprint, small_font, width - 220, 2):
        draw.text((80, bottom), line, font=small_font, fill="#f4ead5")
        bottom += int(small_font.size * 1.4)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _title(value: str) -> str:
    """The title proper: without the statement of responsibility or a parallel
    title that some records keep in the same subfield (ISBD ` / ` and ` = `)."""
    return value.split(" / ")[0].split(" = ")[0].strip()


def _author(record: Record) -> str:
    return "，".join(a["name"] for a in record.authors[:2] if a.get("name"))


def _author_latin(record: Record) -> str:
    return "; ".join(
        a.get("romanised") or _latin(a["name"], name=True)
        for a in record.authors[:2]
        if a.get("name")
    )


def _captions(record: Record) -> tuple[str, str]:
    year = f"，{record.year}" if record.year else ""
    zh = f"《{_title(record.title)}》 {_author(record)}，{record.publisher}{year}".strip("，")
    english = _title(record.title_romanised or _latin(record.title))
    subject = next((s for s in record.subjects if not text.has_han(s)), "")
    en = " — ".join(part for part in (english, _author_latin(record)) if part)
    if record.year:
        en += f", {record.year}"
    if subject:
        en += f". {subject}"
    return textwrap.shorten(zh, 500), textwrap.shorten(en, 500)


def _records() -> list[Record]:
    books = Record.objects.filter(is_deleted=False, language="chi").exclude(publisher="")
    return list(books.exclude(year=None).order_by("pk")[:CARDS])


def exhibitions_demo_load() -> dict:
    if Exhibition.objects.filter(slug=SLUG).exists():
        return {"exhibition_images_created": 0}
    records = _records()
    if not records:
        return {"exhibition_images_created": 0}
    exhibition = exhibition_save(
        actor=SYSTEM,
        exhibition=Exhibition(
            slug=SLUG,
            title_zh="书影：联合目录中的十二种中文图书",
            title_en="Book cards: twelve Chinese books of the union catalog",
            description_zh=(
                "每张卡片取自一条馆藏书目的 MARC 记录：题名、责任者、出版者与出版年。"
                "说明文字的英文部分来自记录中的罗马化题名和英文主题词。点开目录可查看各馆的在架情况。"
            ),
            description_en=(
                "Each card is drawn from a catalogue record's MARC fields: title, author, "
                "publisher and year. The English captions come from the romanised title and "
                "the English subject headings the records carry. The catalogue shows where "
                "each book is on the shelf."
            ),
            organiser_library=Library.objects.get(code="HZ"),
            opens_on=clock.today(),
            is_published=True,
        ),
    )
    for position, record in enumerate(records, start=1):
        caption_zh, caption_en = _captions(record)
        image = ExhibitionImage(
            exhibition=exhibition, position=position, caption_zh=caption_zh, caption_en=caption_en
        )
        image.image.save(f"card-{record.pk}.png", ContentFile(_card(record)), save=False)
        exhibition_image_save(actor=SYSTEM, image=image)
    return {"exhibition_images_created": len(records)}
