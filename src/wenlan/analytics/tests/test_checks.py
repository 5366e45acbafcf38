"""`wenlan check` on the analytics settings."""

from wenlan.analytics.checks import analytics_settings


def _ids() -> list[str]:
    return [problem.id for problem in analytics_settings(None)]


def test_the_defaults_pass(settings, tmp_path):
    settings.WENLAN_ANALYTICS_URI = str(tmp_path / "analytics")
    assert _ids() == []


def test_too_few_readers_a_bad_batch_and_an_unknown_scheme_are_named(settings, tmp_path):
    settings.WENLAN_ANALYTICS_MIN_READERS = 3
    settings.WENLAN_ANALYTICS_BATCH_ROWS = 0
    settings.WENLAN_ANALYTICS_URI = "ftp://example/analytics"
    assert _ids() == ["analytics.W001", "analytics.E001", "analytics.E002"]


def test_a_directory_that_cannot_be_made_is_named(settings, tmp_path):
    (tmp_path / "file").write_text("not a directory")
    settings.WENLAN_ANALYTICS_URI = str(tmp_path / "file" / "analytics")
    assert _ids() == ["analytics.E003"]
