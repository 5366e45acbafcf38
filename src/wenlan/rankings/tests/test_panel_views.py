import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wenlan.accounts.enums import Perm, Role
from wenlan.accounts.services import apikey_create
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.core.http_guards import CONTENT_SECURITY_POLICY
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.rankings.models import Candidate, ReadingList, Round, Score
from wenlan.rankings.panel.services.publication import Pick, list_finalise, list_publish
from wenlan.rankings.panel.services.rounds import round_close, score_set
from wenlan.rankings.tests.factories import open_list, panel_people, works_with_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return panel_people()


def test_a_manager_creates_a_list_on_the_page_and_invites(client, people):
    works_with_run("2026-03")
    client.force_login(people["manager"])
    response = client.post(
        reverse("rankings:panel_list_new"),
        {
            "occasion": "world_book_day",
            "date": "2026-04-23",
            "theme_zh": "阅读的力量",
            "theme_en": "The power of reading",
            "size": 3,
            "period": "2026-03",
            "category": "all",
            "chair": people["chair"].pk,
        },
    )
    reading_list = ReadingList.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("rankings:panel_list", args=[reading_list.pk])
    expert = people["experts"][0]
    client.post(reverse("rankings:panel_invite", args=[reading_list.pk]), {"expert": expert.pk})
    client.post(reverse("rankings:panel_invite", args=[reading_list.pk]), {"expert": "x"})
    page = client.get(reverse("rankings:panel_list", args=[reading_list.pk]))
    text = page.content.decode()
    assert "expert0" in text and "邀请专家" in text and "创建书单" in text
    assert Round.objects.get().invitations.count() == 1


def test_a_period_without_a_ranking_is_a_form_error(client, people):
    client.force_login(people["manager"])
    response = client.post(
        reverse("rankings:panel_list_new"),
        {
            "occasion": "holiday",
            "date": "2026-10-01",
            "theme_zh": "国庆",
            "theme_en": "National Day",
            "size": 3,
            "period": "2025",
            "category": "all",
            "chair": people["chair"].pk,
        },
    )
    assert response.status_code == 200 and "尚未计算" in response.content.decode()
    assert not ReadingList.objects.exists()


def test_an_expert_scores_on_the_page_and_nobody_sees_it_before_close(client, people):
    reading_list, _works = open_list(people)
    round_ = Round.objects.get(reading_list=reading_list)
    candidate = Candidate.objects.filter(reading_list=reading_list).order_by("ranking_rank")[0]
    a, b = people["experts"][:2]
    client.force_login(a)
    response = client.post(
        reverse("rankings:panel_score", args=[round_.pk, candidate.pk]),
        {f"c{candidate.pk}-value": "7", f"c{candidate.pk}-comment": "一记独特评语"},
    )
    assert response.status_code == 302
    assert Score.objects.get().value == 7
    mine = client.get(reverse("rankings:panel_round", args=[round_.pk])).content.decode()
    assert "我的评分：7" in mine
    client.force_login(b)
    theirs = client.get(reverse("rankings:panel_round", args=[round_.pk])).content.decode()
    assert "我的评分" not in theirs and "一记独特评语" not in theirs
    api = client.get(f"/api/rankings/rounds/{round_.pk}").json()
    row = next(c for c in api["candidates"] if c["id"] == candidate.pk)
    assert (row["my_score"], row["result"]) == (None, None)
    assert "一记独特评语" not in json.dumps(api, ensure_ascii=False)
    client.force_login(people["manager"])
    staff = client.get(reverse("rankings:panel_list", args=[reading_list.pk])).content.decode()
    assert "一记独特评语" not in staff and "截尾均分" not in staff.split("过程记录")[0]
    round_close(actor=people["chair"], list_id=reading_list.pk)
    client.force_login(b)
    api = client.get(f"/api/rankings/rounds/{round_.pk}").json()
    row = next(c for c in api["candidates"] if c["id"] == candidate.pk)
    assert row["result"] == {
        "rank": 1,
        "trimmed_mean": 7.0,
        "min": 7,
        "max": 7,
        "std": 0.0,
        "count": 1,
    }


def test_the_api_scores_with_an_experts_key_and_refuses_after_close(client, people):
    reading_list, _works = open_list(people)
    round_ = Round.objects.get(reading_list=reading_list)
    candidate = Candidate.objects.filter(reading_list=reading_list).first()
    _key, key = apikey_create(user=people["experts"][0], name="panel", scopes=[Perm.RANKING_REVIEW])
    url = f"/api/rankings/rounds/{round_.pk}/scores"
    body = {"candidate_id": candidate.pk, "value": 11}
    bad = client.post(url, body, content_type="application/json", headers={"X-API-Key": key})
    assert bad.status_code == 422
    body["value"] = 9
    good = client.post(url, body, content_type="application/json", headers={"X-API-Key": key})
    assert good.status_code == 200 and good.json()["value"] == 9
    round_close(actor=people["manager"], list_id=reading_list.pk)
    body["value"] = 2
    late = client.post(url, body, content_type="application/json", headers={"X-API-Key": key})
    assert late.status_code == 409 and late.json()["code"] == "ranking_round_closed"
    assert Score.objects.get().value == 9


@pytest.fixture
def published(people):
    reading_list, works = open_list(people, size=2)
    round_ = Round.objects.get(reading_list=reading_list)
    candidates = list(Candidate.objects.filter(reading_list=reading_list).order_by("ranking_rank"))
    for expert in people["experts"]:
        score_set(actor=expert, round_id=round_.pk, candidate_id=candidates[1].pk, value=9)
        score_set(actor=expert, round_id=round_.pk, candidate_id=candidates[0].pk, value=8)
    round_close(actor=people["chair"], list_id=reading_list.pk)
    list_finalise(
        actor=people["chair"],
        list_id=reading_list.pk,
        picks=[
            Pick(candidates[1].pk, "硬核科幻的巅峰", "The summit of hard science fiction"),
            Pick(candidates[0].pk, "写尽人生的韧性", "On the endurance of a life"),
        ],
    )
    list_publish(actor=people["chair"], list_id=reading_list.pk)
    record = record_create(title="三体", author="刘慈欣", isbn="9787536692930")
    ItemFactory(record=record)
    ItemFactory(record=record, status="on_loan")
    return reading_list, record


def test_the_finalise_page_proposes_the_top_by_trimmed_mean(client, people):
    reading_list, _works = open_list(people, size=1)
    round_ = Round.objects.get(reading_list=reading_list)
    candidates = list(Candidate.objects.filter(reading_list=reading_list).order_by("ranking_rank"))
    score_set(
        actor=people["experts"][0], round_id=round_.pk, candidate_id=candidates[3].pk, value=10
    )
    round_close(actor=people["chair"], list_id=reading_list.pk)
    client.force_login(people["chair"])
    page = client.get(reverse("rankings:panel_finalise", args=[reading_list.pk]))
    form = page.context["form"]
    assert form[f"pick_{candidates[3].pk}"].initial is True
    assert form[f"pick_{candidates[0].pk}"].initial is False
    response = client.post(
        reverse("rankings:panel_finalise", args=[reading_list.pk]),
        {
            f"pick_{candidates[3].pk}": "on",
            f"position_{candidates[3].pk}": "1",
            f"zh_{candidates[3].pk}": "好书",
            f"en_{candidates[3].pk}": "A good book",
        },
    )
    assert response.status_code == 302
    client.post(reverse("rankings:panel_publish", args=[reading_list.pk]))
    assert ReadingList.objects.get().status == "published"
    other = staff_with_role(Role.RANKING_EXPERT)
    client.force_login(other)  # an expert who is not the chair: not their list
    assert client.get(reverse("rankings:panel_finalise", args=[reading_list.pk])).status_code == 404


def test_the_public_page_in_both_languages_with_availability_and_hold(
    client, published, django_assert_num_queries
):
    reading_list, record = published
    url = reverse("rankings:list_public", args=[reading_list.slug])
    with django_assert_num_queries(5):
        response = client.get(url)
    text = response.content.decode()
    assert "阅读的力量" in text and "硬核科幻的巅峰" in text
    assert text.index("三体") < text.index("活着")
    assert "1 册可借" in text and "网络共 2 册" in text and "本网络暂无馆藏" in text
    assert f"/accounts/login/?next={url}" in text
    ld = json.loads(text.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert ld["@type"] == "ItemList" and ld["numberOfItems"] == 2
    assert ld["itemListElement"][0]["item"]["name"] == "三体"
    assert ld["itemListElement"][0]["item"]["isbn"] == "9787536692930"
    client.cookies["wenlan_language"] = "en"
    english = client.get(url).content.decode()
    assert "The power of reading" in english and "The summit of hard science fiction" in english
    assert "1 item available" in english
    del client.cookies["wenlan_language"]
    client.force_login(ReaderFactory().user)
    signed_in = client.get(url).content.decode()
    assert reverse("circulation:my_hold_place", args=[record.pk]) in signed_in


def test_the_archive_filters_by_year_and_occasion(client, published):
    reading_list, _record = published
    page = client.get(reverse("rankings:lists_public")).content.decode()
    assert "阅读的力量" in page and "2026" in page
    none = client.get(reverse("rankings:lists_public"), {"occasion": "holiday"}).content.decode()
    assert "阅读的力量" not in none
    api = client.get("/api/rankings/lists").json()
    assert [item["slug"] for item in api] == [reading_list.slug]
    detail = client.get(f"/api/rankings/lists/{reading_list.slug}").json()
    assert [b["title"] for b in detail["books"]] == ["三体", "活着"]
    assert detail["books"][0]["available"] == 1


def test_a_draft_list_is_not_public(client, people):
    reading_list, _works = open_list(people)
    assert client.get(reverse("rankings:list_public", args=[reading_list.slug])).status_code == 404
    assert client.get(f"/api/rankings/lists/{reading_list.slug}").status_code == 404


def test_exports_json_csv_and_excel(client, published):
    reading_list, _record = published
    base = f"/reading-lists/china/{reading_list.slug}/export."
    data = client.get(base + "json").json()
    assert data["books"][0]["recommendation_en"] == "The summit of hard science fiction"
    csv_text = client.get(base + "csv").content.decode("utf-8-sig").splitlines()
    assert csv_text[0].startswith("position,title,author,isbns")
    assert csv_text[1].startswith("1,三体,刘慈欣,9787536692930")
    sheet = load_workbook(io.BytesIO(client.get(base + "xlsx").content)).active
    assert [c.value for c in sheet[2]][:3] == [1, "三体", "刘慈欣"]
    assert client.get(base + "pdf").status_code == 404


def test_only_the_embed_page_may_be_framed_by_other_sites(client, published):
    reading_list, _record = published
    embed = client.get(reverse("rankings:list_embed", args=[reading_list.slug]))
    assert embed.status_code == 200
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "script-src 'self'" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    page = client.get(reverse("rankings:list_public", args=[reading_list.slug]))
    assert page["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert page["X-Frame-Options"] == "DENY"
    text = page.content.decode()
    assert "rankings/embed" in text and "data-wenlan-list=" in text and "&lt;iframe" in text


def test_an_expert_nominates_and_declares_a_conflict_on_the_page(client, people):
    from wenlan.rankings.models import Conflict, Work, WorkIsbn

    reading_list, _works = open_list(people, candidates=2)
    round_ = Round.objects.get(reading_list=reading_list)
    work = Work.objects.create(key="红楼梦|曹雪芹", title="红楼梦", author="曹雪芹")
    WorkIsbn.objects.create(work=work, isbn="9787020002207")
    client.force_login(people["experts"][0])
    found = client.get(reverse("rankings:panel_round", args=[round_.pk]), {"q": "9787020002207"})
    assert "红楼梦" in found.content.decode()
    client.post(
        reverse("rankings:panel_nominate", args=[round_.pk]), {"work": work.pk, "reason": ""}
    )
    assert not Candidate.objects.filter(work=work).exists()  # a reason is needed
    client.post(
        reverse("rankings:panel_nominate", args=[round_.pk]), {"work": work.pk, "reason": "经典"}
    )
    nominated = Candidate.objects.get(work=work)
    response = client.post(
        reverse("rankings:panel_conflict", args=[round_.pk, nominated.pk]),
        {f"c{nominated.pk}-note": "我是这本书的编辑"},
    )
    assert response.status_code == 302
    page = client.get(reverse("rankings:panel_round", args=[round_.pk])).content.decode()
    assert "已申报利益冲突" in page and "我是这本书的编辑" in page
    assert Conflict.objects.get().candidate == nominated
    other = staff_with_role(Role.RANKING_EXPERT)
    client.force_login(other)  # not invited
    assert client.get(reverse("rankings:panel_round", args=[round_.pk])).status_code == 404


def test_a_bad_slug_is_a_form_error(client, people):
    works_with_run("2026-03")
    client.force_login(people["manager"])
    response = client.post(
        reverse("rankings:panel_list_new"),
        {
            "occasion": "topical",
            "date": "2026-06-01",
            "theme_zh": "童书",
            "theme_en": "Children's books",
            "size": 3,
            "period": "2026-03",
            "category": "all",
            "chair": people["chair"].pk,
            "slug": "kids_2026",
        },
    )
    assert response.status_code == 200 and "标识只能包含" in response.content.decode()
    assert not ReadingList.objects.exists()


@pytest.mark.parametrize("year", ["-3137672373307551232", "0", "10000"])
def test_the_lists_api_refuses_a_year_no_list_can_have(client, year):
    response = client.get(f"/api/rankings/lists?year={year}")
    assert response.status_code == 422 and response.json()["code"] == "invalid"
