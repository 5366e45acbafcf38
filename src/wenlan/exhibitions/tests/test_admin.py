import pytest

from conftest import login
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.exhibitions.tests.factories import ExhibitionImageFactory
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_open_for_a_network_admin(client):
    ExhibitionImageFactory()
    login(client, staff_with_role(Role.NETWORK_ADMIN))
    assert client.get("/admin/exhibitions/exhibition/").status_code == 200
    assert client.get("/admin/exhibitions/exhibition/add/").status_code == 200


def test_adding_an_exhibition_with_images_in_the_admin(client):
    from wenlan.exhibitions.models import Exhibition

    library = LibraryFactory()
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=library))
    response = client.post(
        "/admin/exhibitions/exhibition/add/",
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
    from wenlan.exhibitions.models import Exhibition

    library = LibraryFactory()
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=library))
    picture = SimpleUploadedFile("west-lake.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    response = client.post(
        "/admin/exhibitions/exhibition/add/",
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

    from wenlan.exhibitions.models import Exhibition

    library = LibraryFactory()
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=library))
    fake = SimpleUploadedFile("poster.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(
        "/admin/exhibitions/exhibition/add/",
        _exhibition_form(library, {"position": "1", "caption_zh": "西湖图", "image": fake}),
    )
    assert response.status_code == 200
    assert "请上传一张有效的图片" in response.content.decode()  # Django's own message
    response = client.post(
        "/admin/exhibitions/exhibition/add/",
        _exhibition_form(library, {"position": "1", "caption_zh": "西湖图"}),
    )
    assert response.status_code == 200
    assert "请上传图片或填写图片地址" in response.content.decode()
    assert not Exhibition.objects.exists()
    assert not (settings.MEDIA_ROOT / "exhibitions").exists()
