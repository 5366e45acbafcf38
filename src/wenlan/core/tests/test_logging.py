"""A refusal or a missing page is one line in the log; a server error keeps its traceback."""

import io
import logging
import sys

import pytest
from django.urls import reverse

from conftest import login
from wenlan.core.logging import ClientErrorsOneLine
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, ClientErrorsOneLine) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_forbidden_page_logs_one_line(client, console):
    login(client, ReaderFactory().user)
    response = client.get(reverse("circulation:desk"))
    assert response.status_code == 403
    assert console.getvalue() == "Forbidden (Permission denied): /staff/circulation/\n"


def test_missing_record_logs_one_line(client, console):
    response = client.get("/events/999999/")
    assert response.status_code == 404
    assert console.getvalue() == "Not Found: /events/999999/\n"


def test_server_error_keeps_its_traceback():
    record = logging.LogRecord("django.request", logging.ERROR, "", 0, "boom", (), None)
    try:
        raise RuntimeError("x")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    record.status_code = 500
    assert ClientErrorsOneLine().filter(record) is True
    assert record.exc_info is not None
