from wenlan.robot.checks import robot_settings


def _ids(settings, **values):
    for name, value in values.items():
        setattr(settings, name, value)
    return [problem.id for problem in robot_settings(None)]


def test_off_by_default_is_fine(settings):
    assert _ids(settings) == []


def test_a_model_endpoint_needs_an_address_and_a_model(settings):
    assert _ids(settings, ROBOT_LLM_URL="ftp://x", ROBOT_LLM_MODEL="m") == ["robot.E001"]
    assert _ids(settings, ROBOT_LLM_URL="http://127.0.0.1:8080/v1", ROBOT_LLM_MODEL="") == [
        "robot.E002"
    ]
    assert _ids(settings, ROBOT_LLM_URL="https://llm.example.org/v1", ROBOT_LLM_MODEL="m") == []


def test_the_timeout_is_in_range(settings):
    assert _ids(settings, ROBOT_LLM_TIMEOUT=0) == ["robot.E003"]
    assert _ids(
        settings,
        ROBOT_LLM_URL="https://llm.example.org/v1",
        ROBOT_LLM_MODEL="m",
        ROBOT_LLM_TIMEOUT=20,
    ) == ["robot.W001"]
