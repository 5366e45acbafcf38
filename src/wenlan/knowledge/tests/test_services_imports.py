import json

import pytest
from django.core.management import call_command

from wenlan.accounts.actors import SYSTEM
from wenlan.knowledge.models import Article, KnowledgeVersion, Passage, Source, Topic
from wenlan.knowledge.services.imports import kb_import_directory
from wenlan.knowledge.tests.kbfiles import EN_1, EN_2, TOPICS, ZH_1, ZH_2, article_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb_dir(tmp_path):
    (tmp_path / "_topics.yaml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "west-lake.md").write_text(article_file(), encoding="utf-8")
    (tmp_path / "su-causeway.md").write_text(
        article_file("su-causeway", zh=(ZH_2,), en=(EN_2,)), encoding="utf-8"
    )
    return tmp_path


def state():
    return (
        list(Article.objects.values_list("slug", "content_digest", "updated_at")),
        list(Passage.objects.order_by("pk").values_list("pk", "text")),
        list(Source.objects.order_by("pk").values_list("pk", "title")),
        KnowledgeVersion.objects.get().number,
    )


def test_imports_a_directory_and_twice_changes_nothing(kb_dir):
    report = kb_import_directory(SYSTEM, directory=kb_dir)
    assert report.summary() == {
        "articles": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "passages": 6,
        "errors": [],
    }
    assert sorted(Topic.objects.values_list("slug", "name_en")) == [
        ("west-lake", "West Lake"),
        ("world-heritage", "World Heritage"),
    ]
    article = Article.objects.get(slug="west-lake")
    assert article.passages.filter(language="zh-hans").count() == 2
    second = article.passages.get(language="en", position=2)
    assert [s.position for s in second.sources.order_by("position")] == [1, 2]
    before = state()
    again = kb_import_directory(SYSTEM, directory=kb_dir)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert state() == before


def test_an_edited_file_replaces_its_passages_whole(kb_dir):
    kb_import_directory(SYSTEM, directory=kb_dir)
    (kb_dir / "west-lake.md").write_text(article_file(zh=(ZH_1,), en=(EN_1,)), encoding="utf-8")
    report = kb_import_directory(SYSTEM, directory=kb_dir)
    assert (report.updated, report.unchanged) == (1, 1)
    article = Article.objects.get(slug="west-lake")
    assert list(article.passages.values_list("language", "position")) == [
        ("en", 1),
        ("zh-hans", 1),
    ]


def test_a_bad_file_is_reported_and_the_rest_load(kb_dir):
    (kb_dir / "broken.md").write_text(article_file("broken", zh=("短。[1]", ZH_2)), "utf-8")
    (kb_dir / "binary.md").write_bytes(b"\xff\xfe\x00garbage")
    (kb_dir / "nul.md").write_text(article_file("nul").replace("湖中", "湖\x00中"), "utf-8")
    (kb_dir / "bomb.md").write_text(
        article_file("bomb", front="a: &a [x, x, x]\nb: [*a, *a, *a]\n"), "utf-8"
    )
    (kb_dir / "huge.md").write_bytes(b"a" * (300 * 1024))
    report = kb_import_directory(SYSTEM, directory=kb_dir)
    assert (report.articles, report.created, report.rejected) == (7, 2, 5)
    assert report.errors == [
        {"file": "binary.md", "line": 1, "reason": "not UTF-8 text"},
        {"file": "bomb.md", "line": 17, "reason": "YAML aliases (*name) are not allowed"},
        {"file": "broken.md", "line": 19, "reason": "the passage has 2 characters; 50-300 allowed"},
        {
            "file": "huge.md",
            "line": 1,
            "reason": "the file is 307200 bytes; at most 262144 are read",
        },
        {"file": "nul.md", "line": 19, "reason": "NUL byte in the file"},
    ]
    assert set(Article.objects.values_list("slug", flat=True)) == {"west-lake", "su-causeway"}


def test_a_fifty_megabyte_file_is_refused_unread(kb_dir):
    with (kb_dir / "big.md").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    report = kb_import_directory(SYSTEM, directory=kb_dir)
    assert report.errors[0]["file"] == "big.md"
    assert report.created == 2


def test_the_command_prints_progress_and_one_json_line(kb_dir, capsys):
    (kb_dir / "broken.md").write_text("no front matter", "utf-8")
    call_command("kb", "import", str(kb_dir))
    out, err = capsys.readouterr()
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["created"] == 2
    assert summary["errors"] == [
        {
            "file": "broken.md",
            "line": 1,
            "reason": "the file must start with front matter between '---' lines",
        }
    ]
    assert "[3/3] west-lake.md: created" in err
    assert "broken.md: rejected, line 1" in err
