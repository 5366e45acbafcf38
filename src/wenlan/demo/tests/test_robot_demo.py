import pytest
from django.core.management import call_command

from wenlan.robot.models import Conversation, Turn

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    return tmp_path


def test_the_demo_has_rated_robot_conversations_once(var_dir):
    call_command("demo")
    assert Conversation.objects.count() == 1
    assert Turn.objects.count() == 6
    assert Turn.objects.filter(intent="opening_hours", answered=True).count() == 1
    assert Turn.objects.filter(answered=False).exists()  # something for the review page
    call_command("demo")
    assert Turn.objects.count() == 6
