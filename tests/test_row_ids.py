"""A number too large (or too far below zero) to be a row id, in a page's address or an API path, is
turned away at the edge (core.ids): 404 for a page, 422 problem+json for the API,
never a server error from the database driver."""

import pytest

from wenlan.core.ids import MAX_ROW_ID, MIN_ROW_ID

pytestmark = pytest.mark.django_db

TOO_LARGE = MAX_ROW_ID + 1


@pytest.mark.parametrize("number", [TOO_LARGE, 454722696073059416145920])
def test_a_page_address_with_a_number_no_row_can_have_is_not_found(client, number):
    assert client.get(f"/events/{number}/").status_code == 404


@pytest.mark.parametrize("number", [TOO_LARGE, -9437330136879311008409470369792])
def test_an_api_path_with_a_number_no_row_can_have_is_invalid(client, number):
    response = client.get(f"/api/events/events/{number}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "invalid"


def test_the_largest_and_smallest_row_ids_are_looked_up(client):
    assert client.get(f"/events/{MAX_ROW_ID}/").status_code == 404
    assert client.get(f"/api/events/events/{MAX_ROW_ID}").status_code == 404
    assert client.get(f"/api/events/events/{MIN_ROW_ID}").status_code == 404


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if hasattr(entry, "url_patterns"):
            yield from _patterns(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern)


def test_every_page_address_takes_row_ids_through_the_id_converter():
    """`<int:…>` would let a too-large number reach the database driver (a server error
    on SQLite); every address with a row's id uses `<id:…>`."""
    from django.urls import get_resolver

    with_int = [p for p in _patterns(get_resolver()) if "<int:" in p]
    assert with_int == []


def test_an_api_query_with_a_number_no_row_can_have_is_invalid(client):
    from wenlan.accounts.enums import Role
    from wenlan.accounts.tests.factories import staff_with_role

    client.force_login(staff_with_role(Role.NETWORK_ADMIN))
    response = client.get(f"/api/circulation/transits?library_id={-TOO_LARGE - 1}")
    assert response.status_code == 422 and response.json()["code"] == "invalid"
