import pytest
from django.urls import reverse

from wenlan.thinktank.models import BulletinSection, Clipping
from wenlan.thinktank.tests.factories import (
    BulletinFactory,
    ClippingFactory,
    FeedFactory,
    TopicFactory,
    chief,
    editor,
)

pytestmark = pytest.mark.django_db


def test_an_editor_adds_a_clipping_by_hand_and_finds_it(client):
    client.force_login(editor())
    topic = TopicFactory(name_zh="生态城市")
    response = client.post(
        reverse("thinktank:clipping_new"),
        {
            "title": "<b>湿地</b>保护条例修订",
            "source": "杭州日报",
            "published_on": "2026-11-30",
            "kind": "domestic_policy",
            "language": "zh",
            "summary": "修订要点",
            "topics": [topic.pk],
        },
    )
    clipping = Clipping.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("thinktank:clipping_detail", args=[clipping.pk])).content.decode()
    assert "&lt;b&gt;湿地&lt;/b&gt;保护条例修订" in page
    found = client.get(reverse("thinktank:clipping_list"), {"q": "湿地", "topic": topic.pk})
    assert "&lt;b&gt;湿地&lt;/b&gt;保护条例修订" in found.content.decode()


def test_bad_input_on_the_clipping_form_is_an_error_not_a_500(client):
    client.force_login(editor())
    response = client.post(
        reverse("thinktank:clipping_new"),
        {
            "title": "x" * 600,
            "source": "",
            "published_on": "not a date",
            "kind": "x",
        },
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode() or "error" in response.content.decode()
    response = client.post(reverse("thinktank:clipping_new"), {"title": "x\x00"})
    assert response.status_code == 400
    assert not Clipping.objects.exists()


def test_list_pages_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.force_login(editor())
    for _ in range(5):
        ClippingFactory().topics.add(TopicFactory())
        FeedFactory()
        BulletinFactory()
    for name in (
        "thinktank:desk",
        "thinktank:clipping_list",
        "thinktank:topic_list",
        "thinktank:feed_list",
        "thinktank:bulletin_list",
        "thinktank:impact",
        "thinktank:session_desk",
        "thinktank:product_list",
        "thinktank:public_list",
    ):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200, name


def test_the_chief_sees_review_buttons_and_the_editor_does_not(client):
    bulletin = BulletinFactory(status="in_review")
    BulletinSection.objects.create(bulletin=bulletin, position=1, heading="条目一", text="正文")
    url = reverse("thinktank:bulletin_detail", args=[bulletin.pk])
    client.force_login(editor())
    assert "bulletin-approve" not in client.get(url).content.decode()
    client.force_login(chief())
    assert "bulletin-approve" in client.get(url).content.decode()
    response = client.post(
        reverse("thinktank:bulletin_send_back", args=[bulletin.pk]), {"comment": ""}, follow=True
    )
    bulletin.refresh_from_db()
    assert bulletin.status == "in_review"
    assert "请填写" in response.content.decode()


def test_the_staff_home_links_the_desk(client):
    client.force_login(editor())
    page = client.get(reverse("accounts:staff_home")).content.decode()
    assert reverse("thinktank:desk") in page


def test_read_every_feed_now_is_run_by_the_worker(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    from wenlan.thinktank.tests.test_feeds import RSS

    settings.WENLAN_THINKTANK_FEED_DIR = tmp_path
    (tmp_path / "zj.xml").write_text(RSS, encoding="utf-8")
    FeedFactory(name="浙江发布", path="zj.xml")
    client.force_login(editor())
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(reverse("thinktank:feed_fetch"), follow=True)
    assert len(queued) == 1
    assert "已安排读取全部订阅源" in response.content.decode()
    assert Clipping.objects.count() == 2  # the tests' task backend runs it at once
    assert "新增 2，重复 0" in client.get(reverse("thinktank:feed_list")).content.decode()


def test_an_attachment_is_kept_outside_the_media_folder_and_served_to_editors_only(
    client, settings
):
    """An image attached to a clipping is not a public picture: it lies in the private
    folder, `/media/` does not find it, and only the clipping's download view, which
    checks the asker, hands it out."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from wenlan.patrons.tests.factories import ReaderFactory
    from wenlan.thinktank.services import clippings

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    actor = editor()
    clipping = ClippingFactory()
    upload = SimpleUploadedFile("图表.png", buffer.getvalue(), content_type="image/png")
    attachment = clippings.clipping_attach(actor=actor, clipping_id=clipping.pk, upload=upload)
    name = attachment.file.name
    assert (settings.WENLAN_PRIVATE_MEDIA_ROOT / name).is_file()
    assert not (settings.MEDIA_ROOT / name).exists()
    assert client.get(f"/media/{name}").status_code == 404
    url = reverse("thinktank:attachment_download", args=[clipping.pk, attachment.pk])
    client.force_login(ReaderFactory().user)
    assert client.get(url).status_code in (403, 404)
    client.force_login(actor)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == buffer.getvalue()
