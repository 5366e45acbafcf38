import datetime as dt

import factory
from django.utils import timezone

from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.volunteers import identity, policies
from wenlan.volunteers.enums import Background, District, ProfileStatus, SignupStatus
from wenlan.volunteers.models import Opportunity, Shift, ShiftSignup, VolunteerProfile

# A Saturday afternoon, some days after the tests' usual "now".
BASE = timezone.make_aware(dt.datetime(2026, 12, 5, 14, 0))
ID_NUMBER = "11010519491231002X"  # GB 11643's own example


def id_number_with_check(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerProfile

    reader = factory.SubFactory(ReaderFactory)
    status = ProfileStatus.APPROVED
    skills = policies.tags_encode(["shelving", "guiding"])
    languages = policies.tags_encode(["zh"])
    trainings = policies.tags_encode(["orientation"])
    background = Background.TEACHER
    district = District.XIHU
    availability = policies.slots_mask([(5, 1), (6, 0)])  # Saturday afternoon, Sunday morning
    id_number_encrypted = factory.LazyFunction(lambda: identity.id_number_encrypt(ID_NUMBER))
    id_number_masked = policies.id_number_masked(ID_NUMBER)
    applied_at = BASE - dt.timedelta(days=30)


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    title_zh = factory.Sequence(lambda n: f"志愿服务项目{n}")
    title_en = factory.Sequence(lambda n: f"Volunteer project {n}")
    library = factory.SubFactory(LibraryFactory)
    district = District.XIHU
    needs_skills = ""
    needs_trainings = ""


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    opportunity = factory.SubFactory(OpportunityFactory)
    starts_at = BASE
    ends_at = BASE + dt.timedelta(hours=3)
    capacity = 3
    checkin_code = factory.Sequence(lambda n: f"S{n:05d}")


class SignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShiftSignup
        skip_postgeneration_save = True

    shift = factory.SubFactory(ShiftFactory)
    profile = factory.SubFactory(ProfileFactory)
    status = SignupStatus.SIGNED_UP
    created_at = BASE - dt.timedelta(days=2)

    @factory.post_generation
    def count(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's hook
        if create and obj.status == SignupStatus.SIGNED_UP:
            Shift.objects.filter(pk=obj.shift_id).update(
                signed_up_count=ShiftSignup.objects.filter(
                    shift_id=obj.shift_id, status=SignupStatus.SIGNED_UP
                ).count()
            )
            obj.shift.refresh_from_db()
