import io

import pytest
from django.urls import reverse
from PIL import Image

from wenlan.catalog.services.imports import record_import
from wenlan.demo import exhibitions
from wenlan.demo.catalog import BUILT_IN, built_in_marc
from wenlan.exhibitions.models import Exhibition
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    LibraryFactory(code="HZ")
    for entry in BUILT_IN:
        record_import(marc=built_in_marc(*entry))


def test_the_demo_exhibition_shows_cards_of_catalog_books(catalog, client, settings):
    assert exhibitions.exhibitions_demo_load() == {"exhibition_images_created": 12}
    exhibition = Exhibition.objects.get(slug=exhibitions.SLUG)
    assert exhibition.is_published and exhibition.organiser.code == "HZ"
    images = list(exhibition.images.all())
    assert [i.position for i in images] == list(range(1, 13))
    first = images[0]
    assert first.caption_zh == "《红楼梦》 曹雪芹，人民文学出版社，1996"
    assert first.caption_en == "Hong lou meng — Cao Xueqin, 1996"
    with Image.open(settings.MEDIA_ROOT / first.image.name) as card:
        assert (card.format, card.size) == ("PNG", exhibitions.CARD_SIZE)
    html = client.get(reverse("exhibitions:exhibition_detail", args=[exhibitions.SLUG])).content
    assert html.decode().count('src="/media/exhibitions/') == 12
    assert client.get(first.image_src).status_code == 200
    assert exhibitions.exhibitions_demo_load() == {"exhibition_images_created": 0}
    assert sum(1 for _ in (settings.MEDIA_ROOT / "exhibitions").rglob("*.png")) == 12


def test_without_a_cjk_font_the_cards_carry_the_romanised_text(catalog, monkeypatch):
    from wenlan.catalog.models import Record

    monkeypatch.setattr(exhibitions, "CJK_FONTS", [])
    record = Record.objects.get(title="三体")
    with Image.open(io.BytesIO(exhibitions._card(record))) as card:
        assert card.size == exhibitions.CARD_SIZE
    assert exhibitions._latin("三体") == "San ti"
    assert exhibitions._latin("刘慈欣", name=True) == "Liu Cixin"


def test_no_catalog_no_exhibition():
    assert exhibitions.exhibitions_demo_load() == {"exhibition_images_created": 0}
    assert not Exhibition.objects.exists()
