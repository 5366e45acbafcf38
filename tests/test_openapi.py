"""The API's OpenAPI schema is compared with the committed snapshot, so every change
to the API is a deliberate one. After an intended change, refresh the snapshot:
    WENLAN_UPDATE_SNAPSHOT=1 make test PYTEST_ARGS=tests/test_openapi.py
"""

import json
import os
from pathlib import Path

SNAPSHOT = Path(__file__).parent / "openapi.json"


def test_openapi_schema_matches_the_snapshot():
    from wenlan.api.api import api

    schema = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api"), sort_keys=True))
    if os.environ.get("WENLAN_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(schema, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    assert SNAPSHOT.exists(), "no snapshot yet: run with WENLAN_UPDATE_SNAPSHOT=1"
    assert schema == json.loads(SNAPSHOT.read_text())


def test_docs_page_is_served(client):
    assert client.get("/api/docs").status_code == 200
    assert client.get("/api/openapi.json").json()["info"]["title"] == "Wenlan API"


def test_times_carry_their_offset_as_the_schema_says(client, db):
    import datetime as dt
    import re

    from wenlan.api.api import api
    from wenlan.events.tests.factories import OccurrenceFactory

    occurrence = OccurrenceFactory()
    body = client.get(f"/api/events/events/{occurrence.event.pk}").json()
    schema = api.get_openapi_schema(path_prefix="/api")["components"]["schemas"]
    assert schema["OccurrenceOut"]["properties"]["starts_at"]["format"] == "date-time"
    assert "UTC" in api.get_openapi_schema(path_prefix="/api")["info"]["description"]
    starts_at = body["occurrences"][0]["starts_at"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", starts_at), starts_at
    assert starts_at == occurrence.starts_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
