"""The optional phrasing model, against a small local OpenAI-compatible server."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import AnonymousUser

from wenlan.robot import phrasing, policies
from wenlan.robot.services.answer import robot_answer

PASSAGES = ["西湖位于杭州市西部，2011年列入世界遗产名录。"]


class _Handler(BaseHTTPRequestHandler):
    behaviour = "good"
    seen: list = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append(
            {"path": self.path, "body": body, "auth": self.headers["Authorization"]}
        )
        behaviour = type(self).behaviour
        if behaviour == "slow":
            time.sleep(1.0)
        if behaviour == "broken":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"oops")
            return
        content = {
            "good": "西湖在2011年列入世界遗产名录。",
            "empty": "  ",
            "slow": "迟到的回答",
        }.get(behaviour, "")
        payload = {"choices": [{"message": {"role": "assistant", "content": content}}]}
        if behaviour == "not-json":
            payload = None
        data = b"<html>" if payload is None else json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def llm(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True  # a slow answer's thread is not waited for at the end
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Handler.seen = []
    settings.ROBOT_LLM_URL = f"http://127.0.0.1:{server.server_port}/v1"
    settings.ROBOT_LLM_MODEL = "test-model"
    settings.ROBOT_LLM_API_KEY = "secret"
    settings.ROBOT_LLM_TIMEOUT = 0.3
    yield _Handler
    server.shutdown()
    server.server_close()


def test_off_by_default(settings):
    assert settings.ROBOT_LLM_URL == ""
    assert phrasing.phrase(question="西湖？", passages=PASSAGES) is None


def test_a_good_answer_is_used(llm):
    llm.behaviour = "good"
    assert (
        phrasing.phrase(question="西湖何时申遗？", passages=PASSAGES)
        == "西湖在2011年列入世界遗产名录。"
    )
    request = llm.seen[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer secret"
    assert request["body"]["model"] == "test-model"
    system, user = request["body"]["messages"]
    assert system["role"] == "system" and "only" in system["content"]
    assert "[1] 西湖位于杭州市西部" in user["content"] and "西湖何时申遗？" in user["content"]


@pytest.mark.parametrize("behaviour", ["slow", "broken", "empty", "not-json"])
def test_a_slow_broken_or_empty_answer_falls_back(llm, behaviour):
    llm.behaviour = behaviour
    started = time.monotonic()
    assert phrasing.phrase(question="西湖何时申遗？", passages=PASSAGES) is None
    assert time.monotonic() - started < 0.9


def test_a_refused_connection_falls_back(settings):
    settings.ROBOT_LLM_URL = "http://127.0.0.1:9/v1"  # the discard port: nothing listens
    assert phrasing.phrase(question="西湖？", passages=PASSAGES) is None


@pytest.mark.django_db
def test_the_robot_uses_the_phrasing_and_keeps_the_retrieved_sources(llm, kb):
    llm.behaviour = "good"
    answer = robot_answer(
        AnonymousUser(),
        question="西湖是哪一年列入世界遗产的？",
        visitor_key=policies.visitor_key("s"),
    )
    assert answer.answer == "西湖在2011年列入世界遗产名录。"
    assert answer.sources[0].ref == "west-lake#1"


@pytest.mark.django_db
def test_the_robot_falls_back_on_the_passage_when_the_model_is_slow(llm, kb):
    llm.behaviour = "slow"
    answer = robot_answer(
        AnonymousUser(),
        question="西湖是哪一年列入世界遗产的？",
        visitor_key=policies.visitor_key("s"),
    )
    assert answer.answer.startswith("西湖位于杭州市西部")
    assert answer.sources[0].ref == "west-lake#1"
