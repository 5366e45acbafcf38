import pytest

from wenlan.patrons.checks import ecard_seconds


@pytest.mark.parametrize(
    ("seconds", "ids"),
    [(60, []), (10, []), (600, []), (5, ["patrons.E001"]), (3600, ["patrons.E001"])],
)
def test_an_ecard_lifetime_outside_reason_is_reported(settings, seconds, ids):
    settings.WENLAN_ECARD_SECONDS = seconds
    assert [error.id for error in ecard_seconds(None)] == ids
