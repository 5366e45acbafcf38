import re

import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.learning.tests.factories import CertificateFactory, EnrolmentFactory
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_are_read_only_and_scoped(client):
    mine = EnrolmentFactory()
    EnrolmentFactory()  # another library's class
    CertificateFactory()
    client.force_login(staff_with_role(Role.NETWORK_ADMIN))
    for model in ("provider", "course", "courseclass", "enrolment", "certificate"):
        assert client.get(f"/admin/learning/{model}/").status_code == 200
    assert client.get("/admin/learning/course/add/").status_code == 403
    client.force_login(staff_with_role(Role.BRANCH_LIBRARIAN, library=mine.course_class.library))
    page = client.get("/admin/learning/courseclass/").content.decode()
    assert re.search(r"\b1 班级", page)
    assert client.get("/admin/learning/courseclass/").status_code == 200
    client.force_login(staff_with_role(Role.BRANCH_LIBRARIAN, library=LibraryFactory()))
    assert re.search(r"\b0 班级", client.get("/admin/learning/courseclass/").content.decode())
