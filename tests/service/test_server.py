"""The real server process on an ephemeral port, started and stopped by the test."""

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server(tmp_path):
    """`headline-check serve --port 0`; yields its base URL and the lines it printed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEADLINE_CHECK_")}
    env["HEADLINE_CHECK_DATABASE"] = str(tmp_path / "feedback.sqlite3")
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
    try:
        while not any("Stop with" in line for line in printed):
            try:
                printed.append(lines.get(timeout=60))
            except queue.Empty:
                pytest.fail(f"server did not start: {printed} {proc.poll()}")
        url = re.search(r"http://127\.0\.0\.1:\d+", printed[0]).group(0)
        yield url, "".join(printed)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()
        proc.stdout.close()


def test_real_server_answers_checks(server, article):
    url, printed = server
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
            data=b"x" * (3 * 1024 * 1024),
            timeout=30,
            headers={"Content-Type": "application/json"},
        )
        assert big.status_code == 413
        assert http.get(f"{url}/docs", timeout=10).status_code == 200
