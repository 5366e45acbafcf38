from pathlib import Path

import pytest
from django.conf import settings as django_settings

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.indexing import index_rebuild
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.network.tests.factories import LibraryFactory


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


@pytest.fixture
def books(db):
    hz, sc = (
        LibraryFactory(code="HZ", name_zh="杭州图书馆"),
        LibraryFactory(code="SC", name_zh="上城区图书馆"),
    )
    made = {
        "hlm": record_create(
            title="红楼梦",
            author="曹雪芹",
            isbn="9787020002207",
            year=1982,
            clc="I242.4",
            subjects=("章回小说",),
            publisher="人民文学出版社",
            control="r1",
        ),
        "yj": record_create(
            title="红楼梦研究", author="俞平伯", year=1952, clc="I207.411", control="r2"
        ),
        "st": record_create(
            title="三体",
            author="刘慈欣",
            isbn="9787536692930",
            year=2008,
            clc="I247.5",
            publisher="重庆出版社",
            series="中国科幻基石丛书",
            control="r3",
        ),
        "hz": record_create(
            title="活着",
            author="余华",
            isbn="7-5063-6543-X",
            year=1993,
            clc="I247.57",
            control="r4",
        ),
        "gt": record_create(
            title="The Great Gatsby",
            author="Fitzgerald, F. Scott",
            isbn="0-7432-7356-7",
            year=1925,
            language="eng",
            control="r5",
        ),
        "pf": record_create(
            title="平凡的世界", author="路遥", year=1986, clc="I247.5", control="r6"
        ),
        "zg": record_create(
            title="中国经济发展研究", author="林毅夫", year=2012, clc="F124", control="r7"
        ),
    }
    ItemFactory(record=made["hlm"], library=hz, barcode="HZ1")
    ItemFactory(
        record=made["hlm"],
        library=sc,
        barcode="SC1",
        status=ItemStatus.ON_LOAN,
        due_on="2026-12-01",
    )
    ItemFactory(
        record=made["st"], library=sc, barcode="SC2", status=ItemStatus.ON_LOAN, due_on="2026-12-01"
    )
    ItemFactory(record=made["gt"], library=hz, barcode="HZ2")
    index_rebuild(workers=1)
    return made
