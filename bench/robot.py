"""The reference robot against the real server: every question of the evaluation
set (bench/robot_eval/*.jsonl) sent to `POST /api/reference/ask`, with the
knowledge base grown to --passages passages.

    .venv/bin/python bench/robot.py [--quick] [--database-url postgres://...]

Builds a fresh database (a SQLite file in a temporary directory, or the empty
database of --database-url), migrates, loads the demo (network, catalog, events,
readers and their loans, the demo knowledge base of src/wenlan/demo/knowledge and
each library's page), then grows the knowledge base
with generated filler articles to --passages passages in all (both languages):
each filler passage is a few sentences of words drawn from a vocabulary of the
topics the real ones cover, so the index has a real size and a real spread of
common and rare terms. Starts `wenlan run` (gunicorn, --workers processes of
--threads threads), signs a demo reader in (the `my_loans` questions are theirs;
the others are asked as a visitor) and asks each question once, after a warm-up.

Prints, over the answerable questions: top-1 and top-3 (a passage answer is right
when the expected passage, one of the expected passages or a passage of the
expected article is the first source, or among the first three; a live answer
when its intent is the expected one); the share of the unanswerable questions
correctly handed over (answered = false) and of the answerable ones wrongly
handed over; p50/p95 latency through the API; and, over the questions a passage
answers, our top-1 against a plain keyword-overlap baseline computed here over
the same passages (the passage sharing the most distinct normalised words with
the question, core.text's one normalisation), with their ratio. The last line is
one JSON object."""

import argparse
import asyncio
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenlan.conf.settings")

from benchkit import JsonClient, free_port, percentile, wait_for_port  # noqa: E402

GOALS = {"top3": 0.90, "correct_handover": 0.90, "wrong_handover": 0.10, "p95_ms": 50.0}


def load_questions() -> list[dict]:
    questions = []
    for path in sorted(glob.glob(str(ROOT / "bench" / "robot_eval" / "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            questions.extend(json.loads(line) for line in fh if line.strip())
    return questions


# --- filler articles -------------------------------------------------------------------

ZH_VOCABULARY = str.split(
    "杭州 城市 历史 文化 公园 街道 博物馆 展览 市民 服务 中心 交通 地铁 公交 学校 医院 河道 "
    "桥梁 寺庙 古镇 茶园 山林 湿地 湖泊 书院 诗人 画家 工匠 丝绸 瓷器 戏曲 节日 市场 企业 科技 "
    "创新 数字 经济 政务 窗口 社区 志愿者 旅游 游客 码头 古道 遗址 考古 朝代 宋代 明代 清代 民国 "
    "建筑 园林 碑刻 石窟 佛像 书法 篆刻 雕塑 音乐 舞蹈 体育 运河 钱塘江 西溪 良渚 龙井 灵隐 "
    "读者 借阅 图书 期刊 报纸 古籍 地方志 档案 讲座 培训 课程 儿童 老人 青年 家庭 医保 社保 "
    "户籍 公积金 住房 教育 就业 创业 税务 驾驶证 护照 签证 垃圾分类 环保 绿道 骑行 步行 "
    "电动车 停车 高铁 机场 港口 码头 商业 老字号 美食 小吃 茶叶 丝织 刺绣 竹编 剪纸 木雕 "
    "修缮 保护 申报 名录 规划 建设 开放 免费 预约 门票 时间 地点 电话 网站 条件 材料 流程 "
    "规定 办法 标准 年度 统计 人口 面积 气候 降水 温度 季节 春天 夏天 秋天 冬天 梅雨 台风"
)
ZH_GLUE = str.split(
    "的 是 在 和 与 及 为 对 由 于 把 被 从 向 也 都 还 并 而 但 可以 已经 开始 成为"
)
EN_VOCABULARY = str.split(
    "city history culture park street museum exhibition citizen service centre transport "
    "metro bus school hospital river bridge temple town tea garden forest wetland lake "
    "academy poet painter craftsman silk porcelain opera festival market company science "
    "innovation digital economy government window community volunteer tourism visitor pier "
    "trail site archaeology dynasty song ming qing republic building stele grotto statue "
    "calligraphy seal sculpture music dance sport canal qiantang xixi liangzhu longjing "
    "lingyin reader loan book journal newspaper manuscript gazetteer archive lecture training "
    "course child elderly youth family insurance pension residence housing education job "
    "startup tax licence passport visa recycling environment greenway cycling walking parking "
    "railway airport port trade brand food snack leaf embroidery bamboo papercut carving "
    "repair protection nomination list plan construction opening free booking ticket hour "
    "place phone website rule material procedure regulation standard annual figure population "
    "area climate rain temperature season spring summer autumn winter typhoon"
)
EN_GLUE = str.split("the of and in to a for with on by from at as is was are were has have its")


def _zh_passage(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(3, 5)):
        words = []
        for _ in range(rng.randint(5, 9)):
            words.append(rng.choice(ZH_VOCABULARY))
            if rng.random() < 0.5:
                words.append(rng.choice(ZH_GLUE))
        sentences.append("".join(words))
    return "，".join(sentences) + "。"


def _en_passage(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(3, 5)):
        words = []
        for _ in range(rng.randint(8, 14)):
            words.append(rng.choice(EN_VOCABULARY))
            if rng.random() < 0.45:
                words.append(rng.choice(EN_GLUE))
        sentences.append(" ".join(words).capitalize())
    return ". ".join(sentences) + "."


def grow_knowledge_base(target: int, *, seed: int = 13) -> int:
    """Filler articles of five passages a language, written straight to the tables
    (as a bulk import would), until the knowledge base holds `target` passages."""
    import datetime as dt

    from django.db import transaction

    from wenlan.knowledge.enums import PassageLanguage
    from wenlan.knowledge.models import Article, Passage
    from wenlan.knowledge.services.articles import knowledge_version_bump

    have = Passage.objects.count()
    per_article = 5
    articles = max(0, (target - have) // (2 * per_article))
    rng = random.Random(seed)
    with transaction.atomic():
        made = Article.objects.bulk_create(
            Article(
                slug=f"filler-{seed}-{n}",
                title_zh="".join(rng.choices(ZH_VOCABULARY, k=3)),
                title_en=" ".join(rng.choices(EN_VOCABULARY, k=3)).title(),
                review_on=dt.date(2030, 1, 1),
                origin="bench filler",
            )
            for n in range(articles)
        )
        rows = []
        for article in made:
            for position in range(1, per_article + 1):
                rows.append(
                    Passage(
                        article=article,
                        language=PassageLanguage.ZH_HANS,
                        position=position,
                        text=_zh_passage(rng),
                    )
                )
                rows.append(
                    Passage(
                        article=article,
                        language=PassageLanguage.EN,
                        position=position,
                        text=_en_passage(rng),
                    )
                )
        Passage.objects.bulk_create(rows, batch_size=2000)
        knowledge_version_bump()
    return Passage.objects.count()


# --- the keyword-overlap baseline ---------------------------------------------------------


def keyword_baseline(questions: list[dict]) -> dict[str, str]:
    """For each question a passage answers: the ref of the passage (of the question's
    language) sharing the most distinct normalised words with it."""
    from wenlan.core import text
    from wenlan.knowledge.models import Passage

    docs: dict[str, list[tuple[str, frozenset[str]]]] = {"zh-hans": [], "en": []}
    passages = Passage.objects.filter(article__is_published=True).values_list(
        "article__slug", "position", "language", "text"
    )
    for slug, position, language, passage in passages.iterator(chunk_size=2000):
        words = frozenset(w for w in text.words(passage) if w.strip())
        docs.setdefault(language, []).append((f"{slug}#{position}", words))
    best = {}
    for question in questions:
        language = "zh-hans" if question["language"] == "zh" else "en"
        asked = frozenset(w for w in text.words(question["question"]) if w.strip())
        ref, top = "", 0
        for doc_ref, words in docs[language]:
            shared = len(asked & words)
            if shared > top:
                ref, top = doc_ref, shared
        best[question["id"]] = ref
    return best


def retrieval_alone(questions: list[dict]) -> dict[str, list[str]]:
    """The first three refs `knowledge...search` gives each passage question in this
    process, whatever their confidence: what retrieval finds before the robot
    decides whether it answers."""
    from wenlan.knowledge.selectors.retrieval import search

    return {q["id"]: [hit.ref for hit in search(q["question"], limit=3)] for q in questions}


# --- asking ----------------------------------------------------------------------------------


async def ask_all(questions, host, port, *, reader_session: str, warmup: int) -> dict:
    visitor = JsonClient(host, port)
    reader = JsonClient(host, port, session=reader_session)
    await visitor.connect()
    await reader.connect()
    # Warm-up: each worker builds its BM25 index and loads jieba on its first question.
    for question in questions[:warmup]:
        await visitor.post("/api/reference/ask", {"question": question["question"]})
    answers = {}
    for question in questions:
        client = reader if (question.get("expect") or {}).get("live") == "my_loans" else visitor
        language = "zh" if question["language"] == "zh" else "en"
        ms, status, body = await client.post(
            "/api/reference/ask", {"question": question["question"], "language": language}
        )
        answers[question["id"]] = {"ms": ms, "status": status, "body": body}
    visitor.close()
    reader.close()
    return answers


def _expected_refs(expect: dict) -> tuple[set[str], str]:
    refs = set(expect.get("passages", ()))
    if "passage" in expect:
        refs.add(expect["passage"])
    return refs, expect.get("article", "")


def _is_right(ref: str, expect: dict) -> bool:
    refs, article = _expected_refs(expect)
    return ref in refs or (bool(article) and ref.split("#")[0] == article)


def score(
    questions: list[dict], answers: dict, baseline: dict[str, str], retrieved: dict[str, list]
) -> dict:
    answerable = [q for q in questions if q["expect"]]
    unanswerable = [q for q in questions if not q["expect"]]
    passage_questions = [q for q in answerable if "live" not in q["expect"]]
    top1 = top3 = wrong_handover = 0
    ours_on_passages = baseline_on_passages = retrieved_top3 = 0
    misses = []
    kinds: dict[str, dict[str, int]] = {}
    for q in answerable:
        body = answers[q["id"]]["body"]
        answered = body.get("answered", False)
        if not answered:
            wrong_handover += 1
        expect = q["expect"]
        if "live" in expect:
            right = body.get("intent") == expect["live"]
            first = three = right
        else:
            refs = [s.get("ref", "") for s in body.get("sources", [])] if answered else []
            first = bool(refs) and _is_right(refs[0], expect)
            three = any(_is_right(ref, expect) for ref in refs[:3])
            ours_on_passages += first
            baseline_on_passages += _is_right(baseline.get(q["id"], ""), expect)
            retrieved_top3 += any(_is_right(ref, expect) for ref in retrieved.get(q["id"], []))
        top1 += first
        top3 += three
        kind = kinds.setdefault(q["kind"], {"n": 0, "top3": 0, "answered": 0})
        kind["n"] += 1
        kind["top3"] += three
        kind["answered"] += bool(answered)
        if not three:
            misses.append(q["id"])
    correct_handover = sum(
        1 for q in unanswerable if answers[q["id"]]["body"].get("answered") is False
    )
    latencies = [a["ms"] for a in answers.values()]
    n, p = len(answerable), len(passage_questions)
    return {
        "questions": len(questions),
        "answerable": n,
        "unanswerable": len(unanswerable),
        "top1": top1 / n,
        "top3": top3 / n,
        "correct_handover": correct_handover / max(1, len(unanswerable)),
        "wrong_handover": wrong_handover / n,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "passage_questions": p,
        "top1_passages": ours_on_passages / p,
        "baseline_top1_passages": baseline_on_passages / p,
        "retrieval_top3_passages": retrieved_top3 / p,
        "errors": sum(1 for a in answers.values() if a["status"] != 200),
        "by_kind": kinds,
        "misses": misses,
        "handover_misses": [
            q["id"] for q in unanswerable if answers[q["id"]]["body"].get("answered") is not False
        ],
    }


def prepare(passages: int) -> dict:
    """Migrate, load the demo and the knowledge base, grow it; a reader's session."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client as DjangoClient

    from wenlan.demo.loader import demo_load
    from wenlan.patrons.models import Reader

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    credentials = demo_load()  # the demo knowledge base and the libraries' pages with it
    from wenlan.knowledge.models import Passage

    real = Passage.objects.count()
    total = grow_knowledge_base(passages)
    card = credentials["readers"][0]["card"]
    client = DjangoClient()
    client.force_login(Reader.objects.get(card_number=card).user)
    return {
        "real_passages": real,
        "passages": total,
        "reader_session": client.cookies["sessionid"].value,
        "setup_s": time.perf_counter() - started,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="grow to 3,000 passages (unless --passages)"
    )
    parser.add_argument("--passages", type=int, default=None, help="10,000 unless --quick")
    parser.add_argument("--database-url", default="", help="an empty database (else SQLite)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    if args.passages is None:
        args.passages = 3_000 if args.quick else 10_000

    workdir = Path(tempfile.mkdtemp(prefix="wenlan-bench-robot-"))
    os.environ["WENLAN_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["WENLAN_LOG_LEVEL"] = "ERROR"
    # Every question of the set comes from one visitor or one reader, back to back.
    os.environ["WENLAN_ROBOT_QUESTIONS_PER_MINUTE"] = "0"
    questions = load_questions()
    server = None
    try:
        data = prepare(args.passages)
        from django.db import connection

        vendor = connection.vendor
        started = time.perf_counter()
        baseline = keyword_baseline([q for q in questions if q["expect"]])
        retrieved = retrieval_alone(
            [q for q in questions if q["expect"] and "live" not in q["expect"]]
        )
        baseline_s = time.perf_counter() - started
        connection.close()

        port = free_port()
        server = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/wenlan"),
                "run",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
            ],  # fmt: skip
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(port, server)
        answers = asyncio.run(
            ask_all(
                questions,
                "127.0.0.1",
                port,
                reader_session=data["reader_session"],
                warmup=4 * args.workers * args.threads,
            )
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    figures = score(questions, answers, baseline, retrieved)
    ratio = (
        figures["top1_passages"] / figures["baseline_top1_passages"]
        if figures["baseline_top1_passages"]
        else float("inf")
    )
    result = {
        "benchmark": "robot",
        "quick": args.quick,
        "database": vendor,
        "workers": args.workers,
        "threads": args.threads,
        "passages": data["passages"],
        "real_passages": data["real_passages"],
        "questions": figures["questions"],
        "answerable": figures["answerable"],
        "unanswerable": figures["unanswerable"],
        "top1": round(figures["top1"], 3),
        "top3": round(figures["top3"], 3),
        "correct_handover": round(figures["correct_handover"], 3),
        "wrong_handover": round(figures["wrong_handover"], 3),
        "p50_ms": round(figures["p50_ms"], 1),
        "p95_ms": round(figures["p95_ms"], 1),
        "top1_passage_questions": round(figures["top1_passages"], 3),
        "baseline_top1_passage_questions": round(figures["baseline_top1_passages"], 3),
        "top1_over_baseline": round(ratio, 2),
        "retrieval_top3_passage_questions": round(figures["retrieval_top3_passages"], 3),
        "errors": figures["errors"],
        "goals_met": {
            "top3": figures["top3"] >= GOALS["top3"],
            "correct_handover": figures["correct_handover"] >= GOALS["correct_handover"],
            "wrong_handover": figures["wrong_handover"] <= GOALS["wrong_handover"],
            "p95_ms": figures["p95_ms"] <= GOALS["p95_ms"],
        },
        "by_kind": figures["by_kind"],
        "misses": figures["misses"],
        "handover_misses": figures["handover_misses"],
        "setup_s": round(data["setup_s"], 1),
        "baseline_s": round(baseline_s, 1),
    }
    print(
        f"{result['questions']} questions ({result['answerable']} answerable, "
        f"{result['unanswerable']} not), {result['passages']} passages "
        f"({result['real_passages']} real), {vendor}, {args.workers}x{args.threads}"
    )
    print(f"top-1 {result['top1']:.1%}, top-3 {result['top3']:.1%} (goal top-3 ≥ 90%)")
    print(
        f"hand-over: correct {result['correct_handover']:.1%} (goal ≥ 90%), "
        f"wrong {result['wrong_handover']:.1%} (goal ≤ 10%)"
    )
    print(
        f"latency through the API: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms (goal ≤ 50)"
    )
    print(
        f"questions a passage answers: top-1 {result['top1_passage_questions']:.1%} against "
        f"keyword overlap {result['baseline_top1_passage_questions']:.1%}, ratio "
        f"{result['top1_over_baseline']}"
    )
    print(
        f"retrieval alone (search(), whatever its confidence): the expected passage among "
        f"the first three for {result['retrieval_top3_passage_questions']:.1%} of them"
    )
    print(
        "top-3 / answered by kind: "
        + ", ".join(
            f"{kind} {v['top3']}/{v['answered']}/{v['n']}" for kind, v in figures["by_kind"].items()
        )
    )
    if result["errors"]:
        print(f"errors: {result['errors']} answers were not 200", file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
