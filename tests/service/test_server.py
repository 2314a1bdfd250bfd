"""The real server process on an ephemeral port, started and stopped by the test."""

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_documented_gunicorn_command_serves(tmp_path, article):
    """The production command of docs/service.md, on a free port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEADLINE_CHECK_")}
    env["HEADLINE_CHECK_DATABASE"] = str(tmp_path / "feedback.sqlite3")
    if os.environ.get("HEADLINE_CHECK_MODEL"):
        env["HEADLINE_CHECK_MODEL"] = os.environ["HEADLINE_CHECK_MODEL"]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "gunicorn", "--preload", "-w", "2", "--threads", "4"]
    command += ["-b", f"127.0.0.1:{port}", "service:create_app()"]
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=out, env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{log.read_text()}")
            time.sleep(0.2)
        response = requests.post(f"{url}/api/v1/check", json=article, timeout=30)
        assert response.status_code == 200
        assert response.json()["verdict"] == "consistent"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert "request_id=" in log.read_text()
