"""The knowledge base's retrieval against the evaluation set of issue #13
(bench/robot_eval/*.jsonl): the demo knowledge base imported, each library's page
written, and every question whose answer is a passage, one of several passages,
an article, or nothing (expect null) asked through `search`. The goals: the
answer among the first three hits for at least 90% of the answerable questions;
at least 90% of the unanswerable ones below the confidence threshold (handed to a
librarian); at most 10% of the answerable ones below it. Questions with a live
answer (opening now, a book's shelf, events, loans) are the robot's. The figures
are printed (pytest -s)."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from wenlan.demo.knowledge import knowledge_demo_load
from wenlan.demo.loader import _load_network
from wenlan.knowledge.selectors.retrieval import search

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EVAL_DIR = Path(__file__).resolve().parents[4] / "bench" / "robot_eval"


def _questions() -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(EVAL_DIR.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _answers(expect: dict, ref: str) -> bool:
    if "passage" in expect:
        return ref == expect["passage"]
    if "passages" in expect:
        return ref in expect["passages"]
    return ref.split("#", 1)[0] == expect["article"]


def test_the_evaluation_set_meets_the_issues_goals():
    questions = _questions()
    if not questions:
        pytest.skip(f"no evaluation set in {EVAL_DIR}")
    with transaction.atomic():
        _load_network()
    loaded = knowledge_demo_load()
    assert loaded["knowledge"]["rejected"] == 0, loaded["knowledge"]["errors"]
    threshold = settings.KNOWLEDGE_ANSWER_CONFIDENCE
    top1 = top3 = low_answerable = answerable = 0
    handed_over = unanswerable = 0
    for question in questions:
        expect = question["expect"]
        if expect is not None and "live" in expect:
            continue
        hits = search(question["question"], limit=3)
        confidence = hits[0].confidence if hits else 0.0
        if expect is None:
            unanswerable += 1
            handed_over += confidence < threshold
            continue
        answerable += 1
        found = [_answers(expect, hit.ref) for hit in hits]
        top1 += bool(found[:1] and found[0])
        top3 += any(found)
        low_answerable += confidence < threshold
    figures = {
        "answerable": answerable,
        "top1": round(top1 / answerable, 3),
        "top3": round(top3 / answerable, 3),
        "unanswerable": unanswerable,
        "handed_over": round(handed_over / unanswerable, 3),
        "answerable_handed_over": round(low_answerable / answerable, 3),
        "threshold": threshold,
    }
    print("\nretrieval quality:", json.dumps(figures))
    assert figures["top3"] >= 0.9
    assert figures["handed_over"] >= 0.9
    assert figures["answerable_handed_over"] <= 0.1
