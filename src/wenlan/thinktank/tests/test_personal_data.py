import datetime as dt

import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.models import StaffRole
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.thinktank.personal_data import thinktank_work_export
from wenlan.thinktank.services.clippings import ClippingIn, clipping_create

pytestmark = pytest.mark.django_db


def test_an_account_that_is_a_readers_and_an_editors_exports_its_think_tank_work():
    reader = ReaderFactory()
    StaffRole.objects.create(user=reader.user, role=Role.THINKTANK_EDITOR)
    clipping = clipping_create(
        actor=reader.user,
        data=ClippingIn(
            title="湿地保护", source="浙江日报", published_on=dt.date(2026, 11, 1), kind="expert"
        ),
    )
    exported = thinktank_work_export(reader.pk)
    assert [c["id"] for c in exported["clippings_added"]] == [clipping.pk]
    assert exported["consulting_filed"] == [] and exported["bulletin_steps"] == []
    assert thinktank_work_export(ReaderFactory().pk)["clippings_added"] == []
