import pytest

from wenlan.exhibitions.tests.factories import ExhibitionFactory, ExhibitionImageFactory
from wenlan.network.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_the_published_exhibitions_with_their_images_in_order(client, django_assert_num_queries):
    shown = ExhibitionFactory(slug="west-lake", title_zh="西湖十景", title_en="West Lake")
    ExhibitionImageFactory(exhibition=shown, position=2, caption_zh="三潭印月")
    ExhibitionImageFactory(
        exhibition=shown,
        position=1,
        image_url="https://images.example.org/bridge.jpg",
        caption_zh="断桥残雪",
        caption_en="Broken Bridge",
        is_panorama=True,
    )
    ExhibitionFactory(title_zh="筹备中", is_published=False)
    with django_assert_num_queries(2):  # exhibitions with their organisers, images
        listed = client.get("/api/exhibitions").json()
    assert [e["slug"] for e in listed] == ["west-lake"]
    [exhibition] = listed
    assert (exhibition["title_zh"], exhibition["title_en"]) == ("西湖十景", "West Lake")
    assert exhibition["organiser"] == shown.organiser_library.code
    assert exhibition["url"] == "http://testserver/exhibitions/west-lake/"
    assert [i["caption_zh"] for i in exhibition["images"]] == ["断桥残雪", "三潭印月"]
    assert exhibition["images"][0] == {
        "position": 1,
        "src": "https://images.example.org/bridge.jpg",
        "caption_zh": "断桥残雪",
        "caption_en": "Broken Bridge",
        "is_panorama": True,
    }


def test_one_exhibition_by_its_slug_and_unpublished_ones_are_not_found(client):
    partner = PartnerFactory(code="tea-museum")
    ExhibitionFactory(
        slug="tea", organiser_library=None, organiser_partner=partner, opens_on="2026-12-01"
    )
    ExhibitionFactory(slug="draft", is_published=False)
    found = client.get("/api/exhibitions/tea").json()
    assert (found["organiser"], found["opens_on"], found["images"]) == (
        "tea-museum",
        "2026-12-01",
        [],
    )
    missing = client.get("/api/exhibitions/draft")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
