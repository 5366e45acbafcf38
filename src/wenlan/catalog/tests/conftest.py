from pathlib import Path

import pytest
from django.conf import settings as django_settings


@pytest.fixture(autouse=True)
def _index_dir(settings, tmp_path):
    """Each test gets its own empty search index."""
    settings.WENLAN_INDEX_DIR = tmp_path / "index"


@pytest.fixture
def shared_data() -> Path:
    path = Path(django_settings.PROJECT_DIR).parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip(f"the shared test data ({path}) is not here")
    return path
