"""/api/docs loads Swagger UI from the project's own static files only."""

import re

from django.contrib.staticfiles import finders


def test_docs_page_uses_only_local_files(client):
    html = client.get("/api/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources == [
        "/static/vendor/swagger-ui/swagger-ui.css",
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/wenlan/swagger-init.js",
    ]
    for source in sources:
        assert finders.find(source.removeprefix("/static/")), source
    assert "cdn" not in html.lower()
    assert '"url": "/api/openapi.json"' in html
