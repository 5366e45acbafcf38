from wenlan.reference.checks import reference_settings


def test_the_defaults_pass(settings):
    assert reference_settings(None) == []


def test_bad_values_are_named(settings):
    settings.WENLAN_REFERENCE_DUE_WORKING_DAYS = 0
    settings.WENLAN_REFERENCE_QUESTION_MAX_CHARS = 10
    settings.WENLAN_SITE_URL = "library.example.org"
    assert [e.id for e in reference_settings(None)] == [
        "reference.E001",
        "reference.E002",
        "reference.E003",
    ]
