import pytest
from django.urls import reverse

from wenlan.exhibitions.models import Exhibition
from wenlan.exhibitions.tests.factories import ExhibitionFactory, ExhibitionImageFactory

pytestmark = pytest.mark.django_db


def test_exhibition_page_shows_images_in_order_with_captions(client, django_assert_num_queries):
    exhibition = ExhibitionFactory(slug="west-lake", title_zh="西湖十景")
    ExhibitionImageFactory(exhibition=exhibition, position=2, caption_zh="三潭印月")
    ExhibitionImageFactory(
        exhibition=exhibition,
        position=1,
        caption_zh="断桥残雪",
        caption_en="Broken Bridge",
        is_panorama=True,
    )
    with django_assert_num_queries(2):
        html = client.get(
            reverse("exhibitions:exhibition_detail", args=["west-lake"])
        ).content.decode()
    assert html.index("断桥残雪") < html.index("三潭印月")
    assert 'class="panorama"' in html
    assert "1 / 2" in html
    client.post(reverse("patrons:language"), {"language": "en", "next": "/"})
    english = client.get(
        reverse("exhibitions:exhibition_detail", args=["west-lake"])
    ).content.decode()
    assert "Broken Bridge" in english


def test_exhibition_list_shows_published_only(client, django_assert_num_queries):
    ExhibitionFactory(title_zh="公开展")
    ExhibitionFactory(title_zh="筹备中", is_published=False)
    with django_assert_num_queries(2):
        html = client.get(reverse("exhibitions:exhibition_list")).content.decode()
    assert "公开展" in html and "筹备中" not in html
    hidden = Exhibition.objects.get(title_zh="筹备中")
    assert (
        client.get(reverse("exhibitions:exhibition_detail", args=[hidden.slug])).status_code == 404
    )
