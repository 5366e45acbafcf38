import pytest


@pytest.fixture(autouse=True)
def _index_dir(settings, tmp_path):
    """Each test gets its own empty search index (the catalog search adds books)."""
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
