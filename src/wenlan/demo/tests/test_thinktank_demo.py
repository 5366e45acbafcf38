import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.demo.thinktank import thinktank_demo_load
from wenlan.network.tests.factories import PartnerFactory
from wenlan.thinktank.models import (
    Bulletin,
    BulletinEvent,
    Clipping,
    ClippingAlert,
    ConsultingRequest,
    Feed,
    Feedback,
    Series,
    SessionRequest,
    ThematicProduct,
)

pytestmark = pytest.mark.django_db


def test_the_demo_think_tank_is_loaded_from_feed_files_and_twice_is_once(settings, tmp_path):
    settings.WENLAN_THINKTANK_FEED_DIR = tmp_path / "feeds"
    settings.MEDIA_ROOT = tmp_path / "media"
    staff_with_role(
        Role.ENTERPRISE_CONTACT,
        partner=PartnerFactory(code="yunqi-tech"),
        username="enterprise-yunqi",
    )
    editor = staff_with_role(Role.THINKTANK_EDITOR, username="thinktank")
    staff_with_role(Role.THINKTANK_CHIEF, username="thinktank-chief")
    assert thinktank_demo_load() == {
        "thinktank_clippings_new": 9,
        "thinktank_bulletins_issued": 3,
    }
    assert sorted(Series.objects.values_list("name_zh", flat=True)) == sorted(
        ["决策参考", "两会专报", "生态环保专刊"]
    )
    issued = Bulletin.objects.filter(status="issued")
    assert sorted(str(b.number_label)[4:] for b in issued) == ["年第1期"] * 3
    assert all(b.sections.exists() for b in issued)
    assert Bulletin.objects.filter(status="in_review").count() == 1
    assert Feedback.objects.get().kind == "instruction"
    assert ClippingAlert.objects.filter(user=editor).exists()
    assert ConsultingRequest.objects.get().status == "delivered"
    assert SessionRequest.objects.get().assignee == editor
    product = ThematicProduct.objects.get()
    assert product.is_published and product.clippings.count() >= 3
    counts = (
        Clipping.objects.count(),
        Bulletin.objects.count(),
        Feed.objects.count(),
        BulletinEvent.objects.count(),
    )
    assert thinktank_demo_load() == {
        "thinktank_clippings_new": 0,
        "thinktank_bulletins_issued": 0,
    }
    assert counts == (
        Clipping.objects.count(),
        Bulletin.objects.count(),
        Feed.objects.count(),
        BulletinEvent.objects.count(),
    )
