import io

import pytest
from django.core.management import call_command

from wenlan.robot.models import Conversation, Turn

pytestmark = pytest.mark.django_db


def test_the_demo_has_rated_robot_conversations_once(whole_demo):
    assert Conversation.objects.count() == 1
    assert Turn.objects.count() == 6
    assert Turn.objects.filter(intent="opening_hours", answered=True).count() == 1
    assert Turn.objects.filter(answered=False).exists()  # something for the review page
    call_command("demo", stdout=io.StringIO())
    assert Turn.objects.count() == 6
