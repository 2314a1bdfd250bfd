"""The real server process on an ephemeral port, started and stopped by the test."""

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.service.servers import MALFORMED_REQUESTS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server(tmp_path):
    """`headline-check serve --port 0`; yields its URL, what it printed, and a stop function."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEADLINE_CHECK_")}
    env["HEADLINE_CHECK_DATABASE"] = str(tmp_path / "feedback.sqlite3")
    # Small, so the 413 below needs only a body that fits in loopback socket buffers.
    env["HEADLINE_CHECK_MAX_CONTENT_LENGTH"] = "50000"
    if os.environ.get("HEADLINE_CHECK_MODEL"):
        env["HEADLINE_CHECK_MODEL"] = os.environ["HEADLINE_CHECK_MODEL"]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    printed = []

    def stop() -> str:
        """Stop the server (Ctrl+C) and return what it logged on stderr."""
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        return proc.stderr.read()

    try:
        while not any("Stop with" in line for line in printed):
            try:
                printed.append(lines.get(timeout=60))
            except queue.Empty:
                pytest.fail(f"server did not start: {printed} {proc.poll()}")
        url = re.search(r"http://127\.0\.0\.1:\d+", printed[0]).group(0)
        yield url, "".join(printed), stop
    finally:
        stop()
        proc.stderr.close()
        proc.stdout.close()


def test_real_server_answers_checks(server, article):
    url, printed, stop = server
    assert not url.endswith(":0") and not url.endswith(":8000")
    assert f"{url}/docs" in printed
    assert (
        "extension/build/chrome" in printed and "extension/build/firefox/manifest.json" in printed
    )
    with requests.Session() as http:
        assert http.get(f"{url}/readyz", timeout=10).json()["status"] == "ready"
        response = http.post(f"{url}/api/v1/check", json=article, timeout=30)
        assert response.status_code == 200
        assert response.json()["verdict"] == "consistent"
        bad = http.post(
            f"{url}/api/v1/check",
            data="{",
            timeout=10,
            headers={"Content-Type": "application/json"},
        )
        assert bad.status_code == 400
        assert bad.headers["Content-Type"] == "application/problem+json"
        big = http.post(
            f"{url}/api/v1/check",
            data=b"x" * 100_000,
            timeout=30,
            headers={"Content-Type": "application/json"},
        )
        assert big.status_code == 413
        assert http.get(f"{url}/docs", timeout=10).status_code == 200
    logged = stop()
    assert "request_id=" in logged and "status=200" in logged and "status=413" in logged
    assert "bike lanes" not in logged and article["title"] not in logged


def test_the_dev_server_logs_each_request_once_without_query_strings(server):
    url, _, stop = server
    assert requests.get(f"{url}/healthz?token=s3cret-query", timeout=10).status_code == 200
    assert requests.get(f"{url}/nope%0aforged?x=1", timeout=10).status_code == 404
    logged = stop()
    assert "s3cret" not in logged and "x=1" not in logged
    healthz = [line for line in logged.splitlines() if "/healthz" in line]
    assert len(healthz) == 1 and "path=/healthz " in healthz[0]
    assert "forged" in logged and "\nforged" not in logged  # escaped, on the same line
    assert not any(line.startswith("forged") for line in logged.splitlines())


def chunked_post(url: str, path: str, body: bytes) -> tuple[int, str, bytes]:
    """POST ``body`` with Transfer-Encoding: chunked; (status, content type, body)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    pieces = (body[i : i + 65536] for i in range(0, len(body), 65536))
    try:
        conn.request(
            "POST", path, pieces, {"Content-Type": "application/json"}, encode_chunked=True
        )
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type"), response.read()
    except (BrokenPipeError, ConnectionResetError):
        return 0, "", b""
    finally:
        conn.close()


def test_a_chunked_body_over_the_limit_is_413_on_the_dev_server(server, article):
    url, _, _ = server  # MAX_CONTENT_LENGTH is 50,000 here
    big = json.dumps({**article, "body": "word " * 20_000}).encode()
    status, kind, _ = chunked_post(url, "/api/v1/check", big)
    assert (status, kind) == (413, "application/problem+json")
    small = json.dumps(article).encode()
    status, _, body = chunked_post(url, "/api/v1/check", small)
    assert status == 200 and json.loads(body)["verdict"] == "consistent"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn_host(run_root):
    """The documented production command (deploy/gunicorn.conf.py), one worker, no proxy."""
    from deploy import stack

    workdir = Path(tempfile.mkdtemp(prefix="gunicorn-", dir=run_root))
    host = stack.start_gunicorn(workdir, WORKERS="1", CHECK_DEADLINE="60")
    yield host
    host.stop()


def test_documented_gunicorn_command_serves(gunicorn_host, article):
    response = requests.post(f"{gunicorn_host.url}/api/v1/check", json=article, timeout=30)
    assert response.status_code == 200
    assert response.json()["verdict"] == "consistent"
    assert "request_id=" in gunicorn_host.log.read_text()


@pytest.mark.parametrize(
    ("request_bytes", "expected"),
    MALFORMED_REQUESTS,
)
def test_gunicorn_refusals_are_problem_json(gunicorn_host, request_bytes, expected):
    from tests.service.servers import assert_problem, raw_exchange

    assert_problem(*raw_exchange(gunicorn_host.url, request_bytes), expected)
    assert "X-Big" not in gunicorn_host.log.read_text()  # logged without the request's text


def test_checks_whose_client_hung_up_are_not_scored(gunicorn_host, article):
    """While the model scores a big batch, six clients send a check and hang up at once: none
    of the six is scored (the issue: the server went on scoring requests clients had given
    up)."""
    from urllib.parse import urlsplit

    url = gunicorn_host.url
    requests.post(f"{url}/api/v1/check", json=article, timeout=30)  # learn a call's cost
    words = article["body"].split()
    pages = [
        {"title": article["title"], "body": " ".join(words * 16) + f" Batch page {n}."}
        for n in range(64)
    ]
    busy = threading.Thread(
        target=requests.post,
        args=(f"{url}/api/v1/check/batch",),
        kwargs={"json": {"items": pages}, "timeout": 120},
    )
    before = gunicorn_host.log.read_text().count("not scored: client closed")
    busy.start()
    time.sleep(0.3)
    port = urlsplit(url).port
    for n in range(6):
        body = json.dumps({**article, "body": f"{article['body']} Gone {n}."}).encode()
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(
                b"POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
            )
        # The client has left before its check reaches the model (queued behind the batch,
        # or not even read yet): it must not be scored.
    busy.join(60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        shed = gunicorn_host.log.read_text().count("not scored: client closed") - before
        if shed >= 6:
            break
        time.sleep(0.2)
    assert shed == 6
