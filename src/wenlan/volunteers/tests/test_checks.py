from cryptography.fernet import Fernet

from wenlan.volunteers.checks import volunteer_id_key


def test_a_malformed_key_is_an_error_a_good_or_no_key_is_not(settings):
    settings.WENLAN_VOLUNTEER_ID_KEY = "not-a-key"
    assert [e.id for e in volunteer_id_key(None)] == ["volunteers.E001"]
    settings.WENLAN_VOLUNTEER_ID_KEY = Fernet.generate_key().decode()
    assert volunteer_id_key(None) == []
    settings.WENLAN_VOLUNTEER_ID_KEY = ""
    assert volunteer_id_key(None) == []
