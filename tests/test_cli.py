"""The `wenlan` command: the production server answers, and the deploy check with
production settings reports only what the README explains."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WENLAN = Path(sys.executable).parent / "wenlan"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(WENLAN_VAR_DIR=str(tmp_path), **extra)
    env.pop("DATABASE_URL", None)
    return env


def test_deploy_check_with_production_settings(tmp_path):
    env = _env(
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(60),
        WENLAN_HTTPS="1",
        WENLAN_HSTS_PRELOAD="1",
        WENLAN_ALLOWED_HOSTS="library.example",
    )
    result = subprocess.run(
        [str(WENLAN), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
def test_wenlan_run_serves_with_gunicorn(tmp_path):
    env = _env(tmp_path)
    subprocess.run([str(WENLAN), "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    port = _free_port()
    server = subprocess.Popen(
        [str(WENLAN), "run", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/network/libraries") as r:
                    assert r.status == 200
                    assert r.read() == b"[]"
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        # A desk's address holds a card number or an e-card: not in the access log.
        urllib.request.urlopen(f"http://127.0.0.1:{port}/api/network/libraries?card=WLE1.1.2.x")
    finally:
        server.terminate()
        output = server.communicate(timeout=15)[0]
    assert "Starting gunicorn" in output
    assert '"GET /api/network/libraries HTTP/1.1" 200' in output
    assert "WLE1" not in output


def test_media_dir_and_url_come_from_the_environment(tmp_path):
    media = tmp_path / "uploads"
    result = subprocess.run(
        [
            str(WENLAN),
            "shell",
            "-c",
            "from django.conf import settings as s; print(s.MEDIA_ROOT, s.MEDIA_URL)",
        ],
        env=_env(tmp_path, WENLAN_MEDIA_DIR=str(media)),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [str(media.resolve()), "/media/"]


@pytest.mark.slow
def test_a_too_long_address_gets_the_sites_own_page_through_gunicorn(tmp_path):
    # Before: gunicorn's bare "Request Line is too large (… > 4094)" past 4,094 bytes.
    env = _env(tmp_path)
    subprocess.run([str(WENLAN), "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    port = _free_port()
    server = subprocess.Popen(
        [str(WENLAN), "run", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/catalog/?q=" + "a" * 6000
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                request = urllib.request.Request(url, headers={"Accept-Language": "en"})
                urllib.request.urlopen(request)
            except urllib.error.HTTPError as error:
                assert error.code == 414
                page = error.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert "<h1>Address too long</h1>" in page
    assert '<html lang="en">' in page


@pytest.mark.slow
def test_demo_on_a_database_never_migrated_migrates_first(tmp_path):
    result = subprocess.run(
        [str(WENLAN), "demo"], env=_env(tmp_path), capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Migrating the database first (wenlan migrate)"
    assert lines[1].startswith("Demo credentials: ")
    assert "Traceback" not in result.stderr
    again = subprocess.run(
        [str(WENLAN), "demo"], env=_env(tmp_path), capture_output=True, text=True, cwd=ROOT
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0].startswith("Demo credentials: ")


def test_commands_on_a_database_never_migrated_say_what_to_run(tmp_path):
    result = subprocess.run(
        [str(WENLAN), "reindex"], env=_env(tmp_path), capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 2
    assert result.stderr == (
        "error: the database has unapplied migrations; run `wenlan migrate` first\n"
    )
