"""schemathesis over the whole API, with and without credentials: no answer may be
a server error, have a status the schema does not list, or a body or content type
the schema does not describe. Bounded (a few examples an operation) so that it
stays well under a minute; marked slow and run in CI. WENLAN_FUZZ_EXAMPLES=50 runs
more examples an operation, to search harder before a release."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from wenlan.accounts.enums import Perm, Role
from wenlan.accounts.services import apikey_create
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.events.tests.factories import OccurrenceFactory
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.slow]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = int(os.environ.get("WENLAN_FUZZ_EXAMPLES", "3"))


@pytest.fixture(autouse=True)
def _connection_kept_open():
    """Django closes the database connection when a request ends; within a test's
    transaction (PostgreSQL) that would end the test's transaction too. Django's
    own test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def catalog(db):
    library = LibraryFactory(code="HZ")
    record = record_create(title="红楼梦", author="曹雪芹")
    ItemFactory(record=record, library=library, barcode="HZ0001")
    OccurrenceFactory()
    ReaderFactory()


@pytest.fixture
def api_key(db) -> str:
    user = staff_with_role(Role.NETWORK_ADMIN)
    _, key = apikey_create(user=user, name="fuzz", scopes=list(Perm.values))
    return key


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
_bounded = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@_bounded
def test_api_without_credentials(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@_bounded
def test_api_with_an_api_key(case, api_key):
    case.call_and_validate(headers={"X-API-Key": api_key}, checks=CHECKS)
