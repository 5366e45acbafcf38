import pytest
from django.urls import reverse

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core.errors import PermissionDeniedError
from wenlan.events.models import Exhibition
from wenlan.events.services.exhibitions import exhibition_save, exhibition_set_published
from wenlan.events.tests.factories import ExhibitionFactory, ExhibitionImageFactory
from wenlan.network.tests.factories import LibraryFactory, PartnerFactory

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
        html = client.get(reverse("events:exhibition_detail", args=["west-lake"])).content.decode()
    assert html.index("断桥残雪") < html.index("三潭印月")
    assert 'class="panorama"' in html
    assert "1 / 2" in html
    client.post(reverse("patrons:language"), {"language": "en", "next": "/"})
    english = client.get(reverse("events:exhibition_detail", args=["west-lake"])).content.decode()
    assert "Broken Bridge" in english


def test_exhibition_list_shows_published_only(client, django_assert_num_queries):
    ExhibitionFactory(title_zh="公开展")
    ExhibitionFactory(title_zh="筹备中", is_published=False)
    with django_assert_num_queries(2):
        html = client.get(reverse("events:exhibition_list")).content.decode()
    assert "公开展" in html and "筹备中" not in html
    hidden = Exhibition.objects.get(title_zh="筹备中")
    assert client.get(reverse("events:exhibition_detail", args=[hidden.slug])).status_code == 404


def test_organisers_edit_only_their_exhibitions():
    mine, theirs = PartnerFactory(), PartnerFactory()
    organiser = staff_with_role(Role.EVENT_ORGANISER, partner=mine)
    exhibition = ExhibitionFactory(organiser_library=None, organiser_partner=theirs)
    with pytest.raises(PermissionDeniedError):
        exhibition_set_published(actor=organiser, exhibition_id=exhibition.pk, published=False)
    exhibition.refresh_from_db()
    assert exhibition.is_published
    own = Exhibition(slug="mine", title_zh="我的展览", organiser_partner=mine)
    assert exhibition_save(actor=organiser, exhibition=own).pk
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=LibraryFactory())
    with pytest.raises(PermissionDeniedError):
        exhibition_save(
            actor=librarian, exhibition=Exhibition(slug="x", title_zh="x", organiser_partner=mine)
        )
