from wenlan.knowledge.checks import knowledge_settings


def test_settings_in_range(settings):
    assert knowledge_settings(None) == []
    settings.KNOWLEDGE_ANSWER_CONFIDENCE = 1.5
    settings.WENLAN_KNOWLEDGE_MAX_FILE_KB = 0
    assert [e.id for e in knowledge_settings(None)] == ["knowledge.E001", "knowledge.E002"]
