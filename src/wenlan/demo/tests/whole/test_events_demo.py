import io

import pytest
from django.core.management import call_command

from wenlan.events.enums import EventStatus, RegistrationStatus
from wenlan.events.models import (
    ActivityProposal,
    Channel,
    Event,
    Occurrence,
    ReadingClub,
    Registration,
)
from wenlan.spaces.models import Resource

pytestmark = pytest.mark.django_db


def _state():
    return (
        sorted(Event.objects.values_list("pk", "updated_at", "status")),
        sorted(Occurrence.objects.values_list("pk", "confirmed_count", "waitlist_count")),
        sorted(Registration.objects.values_list("pk", "status")),
        sorted(Channel.objects.values_list("slug", flat=True)),
        sorted(Resource.objects.values_list("pk", "updated_at")),
        sorted(ReadingClub.objects.values_list("pk", "updated_at")),
        sorted(ActivityProposal.objects.values_list("pk", "updated_at")),
    )


def test_demo_has_a_month_of_events_from_several_partners_and_channels(whole_demo):
    events = Event.objects.filter(status=EventStatus.PUBLISHED)
    # 19 programmes, one reader's approved proposal, half a year of past lectures
    assert events.count() == 21
    partners = set(
        events.exclude(organiser_partner=None).values_list("organiser_partner__code", flat=True)
    )
    assert partners == {"zj-choir", "zju", "tea-museum", "hz-theatre", "xinhua-hz", "anime-museum"}
    channels = dict(Channel.objects.values_list("slug", "title_zh"))
    assert {"浙江省合唱网", "院士讲座", "创客空间", "少儿阅读"} <= set(channels.values())
    starts = sorted(Occurrence.objects.values_list("starts_at", flat=True))
    assert (starts[-1] - starts[0]).days >= 27
    lecture = Occurrence.objects.get(event__external_uid="demo:academician-quantum")
    assert (lecture.confirmed_count, lecture.waitlist_count) == (3, 1)
    assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).count() == 1

    laser = Resource.objects.get(slug="hz-laser")
    assert laser.induction_event.external_uid == "demo:maker-laser"
    assert Resource.objects.count() == 5

    assert set(ReadingClub.objects.values_list("slug", flat=True)) == {
        "xihu-poetry",
        "qianjiang-parents",
    }
    poetry = Event.objects.get(title_zh="湖畔诗会：读苏轼")
    assert poetry.reader_organiser.card_number == "HZ00000002"
    assert poetry.club.slug == "xihu-poetry"
    assert ActivityProposal.objects.filter(status="submitted").count() == 1

    before = _state()
    call_command("demo", stdout=io.StringIO())
    assert _state() == before
