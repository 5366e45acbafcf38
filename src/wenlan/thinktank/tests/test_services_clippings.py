import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wenlan.core.errors import PermissionDeniedError, ValidationError
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.thinktank import selectors
from wenlan.thinktank.errors import AttachmentRefusedError
from wenlan.thinktank.models import Clipping, ClippingAlert, ClippingAttachment, TopicFollow
from wenlan.thinktank.services import bulletins, clippings
from wenlan.thinktank.tests.factories import SeriesFactory, TopicFactory, editor

pytestmark = pytest.mark.django_db


def _data(**fields):
    values = {
        "title": "專家：生態城市建設要久久為功",  # traditional: found by simplified queries
        "source": "光明日报",
        "published_on": dt.date(2026, 11, 1),
        "kind": "expert",
        "summary": "<p>湿地</p><script>alert(1)</script>",
    }
    values.update(fields)
    return clippings.ClippingIn(**values)


def test_an_editor_adds_a_clipping_found_by_normalised_search():
    actor = editor()
    topic = TopicFactory(name_zh="生态城市")
    made = clippings.clipping_create(actor=actor, data=_data(topic_ids=[topic.pk]))
    assert made.summary == "<p>湿地</p>"
    assert made.created_by == actor
    found = selectors.clipping_search(actor=actor, filters=selectors.ClippingFilters(q="生态城市"))
    assert list(found) == [made]
    for filters in [
        selectors.ClippingFilters(topic_id=topic.pk),
        selectors.ClippingFilters(kind="expert", source="光明"),
        selectors.ClippingFilters(since=dt.date(2026, 11, 1), until=dt.date(2026, 11, 1)),
    ]:
        assert list(selectors.clipping_search(actor=actor, filters=filters)) == [made]
    for filters in [
        selectors.ClippingFilters(q="G20"),
        selectors.ClippingFilters(kind="opinion"),
        selectors.ClippingFilters(since=dt.date(2026, 11, 2)),
    ]:
        assert not selectors.clipping_search(actor=actor, filters=filters).exists()


def test_bulletins_are_searched_with_the_same_normalisation():
    actor = editor()
    bulletin = bulletins.bulletin_create(
        actor=actor, series_id=SeriesFactory().pk, title="關於濕地保護的建議"
    )
    assert list(selectors.bulletin_search(actor=actor, q="湿地保护")) == [bulletin]


def test_bad_input_is_refused_and_nothing_is_stored():
    actor = editor()
    for data in [
        _data(title=""),
        _data(title="x" * 501),
        _data(kind="nonsense"),
        _data(link="javascript:alert(1)"),
        _data(source="\x00"),
    ]:
        with pytest.raises(ValidationError):
            clippings.clipping_create(actor=actor, data=data)
    with pytest.raises(PermissionDeniedError):
        clippings.clipping_create(actor=ReaderFactory().user, data=_data())
    assert not Clipping.objects.exists()


def test_a_hand_made_clipping_alerts_followers_of_a_matching_topic():
    actor, follower = editor(), editor()
    topic = TopicFactory(keywords="湿地")
    TopicFollow.objects.create(user=follower, topic=topic)
    made = clippings.clipping_create(actor=actor, data=_data())
    assert list(ClippingAlert.objects.values_list("user", "clipping", "keyword")) == [
        (follower.pk, made.pk, "湿地")
    ]
    assert selectors.alert_unseen_count(actor=follower) == 1
    assert clippings.alerts_mark_seen(actor=follower) == 1
    assert selectors.alert_unseen_count(actor=follower) == 0


def test_attachments_are_checked_by_type_and_size(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.WENLAN_UPLOAD_MAX_MB = 1
    actor = editor()
    made = clippings.clipping_create(actor=actor, data=_data())
    pdf = SimpleUploadedFile("报告.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    attachment = clippings.clipping_attach(actor=actor, clipping_id=made.pk, upload=pdf)
    assert attachment.name == "报告.pdf" and attachment.size == 13
    assert attachment.file.name.startswith("thinktank/") and attachment.file.name.endswith(".pdf")
    refused = [
        SimpleUploadedFile("x.exe", b"MZ"),
        SimpleUploadedFile("x.pdf", b"<html>not a pdf"),
        SimpleUploadedFile("x.txt", b"a" * (1024 * 1024 + 1)),
    ]
    for upload in refused:
        with pytest.raises(AttachmentRefusedError):
            clippings.clipping_attach(actor=actor, clipping_id=made.pk, upload=upload)
    assert ClippingAttachment.objects.count() == 1


def test_topics_are_created_and_followed():
    actor = editor()
    topic = clippings.topic_create(actor=actor, slug="g20", name_zh="G20 后续", keywords="G20")
    with pytest.raises(ValidationError):
        clippings.topic_create(actor=actor, slug="g20", name_zh="again")
    clippings.topic_follow(actor=actor, topic_id=topic.pk, follow=True)
    clippings.topic_follow(actor=actor, topic_id=topic.pk, follow=True)
    assert [t.followed for t in selectors.topic_list(actor=actor)] == [True]
    clippings.topic_follow(actor=actor, topic_id=topic.pk, follow=False)
    assert not TopicFollow.objects.exists()
