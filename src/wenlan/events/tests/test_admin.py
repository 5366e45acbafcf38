import pytest

from conftest import login
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.events.enums import EventStatus
from wenlan.events.models import Event
from wenlan.events.tests.factories import OccurrenceFactory, PartnerEventFactory
from wenlan.network.tests.factories import LibraryFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_organiser_sees_only_their_events_in_the_admin(client):
    mine = PartnerFactory()
    PartnerEventFactory(organiser_partner=mine, title_zh="我的合唱会")
    PartnerEventFactory(title_zh="别人的演出")
    login(client, staff_with_role(Role.EVENT_ORGANISER, partner=mine))
    html = client.get("/admin/events/event/").content.decode()
    assert "我的合唱会" in html and "别人的演出" not in html


def test_admin_pages_open_for_a_network_admin(client):
    OccurrenceFactory()
    login(client, staff_with_role(Role.NETWORK_ADMIN))
    for model in (
        "event",
        "channel",
        "venue",
        "registration",
        "exhibition",
        "resource",
        "booking",
        "readingclub",
        "activityproposal",
    ):
        assert client.get(f"/admin/events/{model}/").status_code == 200, model
    assert client.get("/admin/events/event/add/").status_code == 200


def test_adding_an_event_in_the_admin_goes_through_the_service(client):
    library = LibraryFactory()
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=library))
    response = client.post(
        "/admin/events/event/add/",
        {
            "title_zh": "古籍修复讲座",
            "title_en": "",
            "description_zh": "",
            "description_en": "",
            "organiser_library": library.pk,
            "category": "lecture",
            "price": "0",
            "max_occurrences_per_reader": "1",
            "registration_required": "on",
            "occurrences-TOTAL_FORMS": "1",
            "occurrences-INITIAL_FORMS": "0",
            "occurrences-MIN_NUM_FORMS": "0",
            "occurrences-MAX_NUM_FORMS": "1000",
            "occurrences-0-starts_at_0": "2026-12-20",
            "occurrences-0-starts_at_1": "14:00",
            "occurrences-0-ends_at_0": "2026-12-20",
            "occurrences-0-ends_at_1": "16:00",
            "occurrences-0-capacity": "40",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert (event.title_zh, event.status, event.created_by is not None) == (
        "古籍修复讲座",
        EventStatus.DRAFT,
        True,
    )
    assert "古籍" in event.search_text
    assert list(event.occurrences.values_list("capacity", flat=True)) == [40]


def test_adding_an_exhibition_with_images_in_the_admin(client):
    from wenlan.events.models import Exhibition

    library = LibraryFactory()
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=library))
    response = client.post(
        "/admin/events/exhibition/add/",
        _exhibition_form(
            library,
            {"position": "2", "image_url": "https://img.example.org/b.jpg", "caption_zh": "第二幅"},
            {
                "position": "1",
                "image_url": "https://img.example.org/a.jpg",
                "caption_zh": "第一幅",
                "is_panorama": "on",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    exhibition = Exhibition.objects.get()
    assert [i.caption_zh for i in exhibition.images.all()] == ["第一幅", "第二幅"]
    assert exhibition.is_published is False


def _exhibition_form(library, *images: dict) -> dict:
    """The admin's add form for an exhibition with these inline images."""
    form = {
        "slug": "song-paintings",
        "title_zh": "宋画里的杭州",
        "title_en": "",
        "description_zh": "",
        "description_en": "",
        "organiser_library": library.pk,
        "images-TOTAL_FORMS": str(len(images)),
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }
    for n, fields in enumerate(images):
        form.update({f"images-{n}-{name}": value for name, value in fields.items()})
    return form


def test_an_exhibition_image_uploaded_in_the_admin_is_stored_and_shown(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wenlan.core.tests.test_media import image_bytes
    from wenlan.events.models import Exhibition

    library = LibraryFactory()
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=library))
    picture = SimpleUploadedFile("west-lake.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    response = client.post(
        "/admin/events/exhibition/add/",
        _exhibition_form(library, {"position": "1", "caption_zh": "西湖图", "image": picture}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [image] = Exhibition.objects.get().images.all()
    assert image.image.name.startswith("exhibitions/") and image.image.name.endswith(".jpg")
    assert (settings.MEDIA_ROOT / image.image.name).read_bytes()[:2] == b"\xff\xd8"
    assert image.image_src == f"/media/{image.image.name}"
    served = client.get(image.image_src)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"


def test_an_upload_that_is_no_image_or_no_picture_at_all_is_refused(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wenlan.events.models import Exhibition

    library = LibraryFactory()
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=library))
    fake = SimpleUploadedFile("poster.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(
        "/admin/events/exhibition/add/",
        _exhibition_form(library, {"position": "1", "caption_zh": "西湖图", "image": fake}),
    )
    assert response.status_code == 200
    assert "请上传一张有效的图片" in response.content.decode()  # Django's own message
    response = client.post(
        "/admin/events/exhibition/add/",
        _exhibition_form(library, {"position": "1", "caption_zh": "西湖图"}),
    )
    assert response.status_code == 200
    assert "请上传图片或填写图片地址" in response.content.decode()
    assert not Exhibition.objects.exists()
    assert not (settings.MEDIA_ROOT / "exhibitions").exists()
