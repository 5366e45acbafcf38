import pytest


@pytest.fixture(autouse=True)
def _index_dir(settings, tmp_path):
    """Records saved here are indexed after commit: into a throwaway index."""
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
