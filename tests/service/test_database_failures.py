"""A full or read-only feedback database: 503 problem+json, and /readyz tells the truth.

Real failures, not simulated ones: the service runs in its own mount namespace (``unshare``,
util-linux) with its database on a 1 MB tmpfs, which fills up (ENOSPC) or is remounted
read-only (EROFS) while it runs. Root ignores file permissions, so this also works in CI.
"""

import os
import queue
import re
import signal
import subprocess
import sys
import threading

import pytest
import requests

from deploy import stack

SCRIPT = """
mount -t tmpfs -o size=1m tmpfs "$DBDIR" || exit 97
"$PY" -m service.cli serve --host 127.0.0.1 --port 0 &
read command < "$CONTROL"
mount -o remount,ro "$DBDIR" && echo "REMOUNTED read-only"
wait
"""


@pytest.fixture
def confined(tmp_path):
    """`headline-check serve` with its database on a private 1 MB tmpfs; ``make_read_only()``
    remounts that tmpfs read-only under the running service."""
    if subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode != 0:
        pytest.skip(
            "needs unprivileged mount namespaces (unshare -rm) to give the database "
            "a real full or read-only file system"
        )
    dbdir = tmp_path / "db"
    dbdir.mkdir()
    control = tmp_path / "control"
    os.mkfifo(control)
    env = stack.service_env(DATABASE=str(dbdir / "feedback.sqlite3"), MAX_CONTENT_LENGTH="200000")
    env.update(DBDIR=str(dbdir), CONTROL=str(control), PY=sys.executable)
    proc = subprocess.Popen(
        ["unshare", "-rm", "sh", "-c", SCRIPT],
        env=env,
        cwd=stack.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()

    def wait_for(pattern: str) -> re.Match:
        seen = []
        while True:
            try:
                line = lines.get(timeout=60)
            except queue.Empty:
                pytest.fail(f"no {pattern!r} from the confined server: {seen}")
            seen.append(line)
            if match := re.search(pattern, line):
                return match

    def make_read_only() -> None:
        with open(control, "w") as fifo:
            fifo.write("remount\n")
        wait_for("REMOUNTED")

    try:
        url = wait_for(r"http://127\.0\.0\.1:\d+").group(0)
        yield url, make_read_only
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def feedback(article, n: int, size: int = 0) -> dict:
    body = article["body"] + f" Reader {n}." + ("x" * size)
    return {**article, "body": body, "verdict": "consistent", "correct": True, "share_text": True}


def assert_unavailable(response) -> dict:
    assert response.status_code == 503
    assert response.headers["Content-Type"] == "application/problem+json"
    return response.json()


def test_a_full_database_is_a_503_and_not_ready(confined, article):
    url, _ = confined
    with requests.Session() as http:
        assert http.get(f"{url}/readyz", timeout=10).json()["database"] == "ok"
        statuses = []
        for n in range(40):
            response = http.post(f"{url}/api/v1/feedback", json=feedback(article, n, 90_000))
            statuses.append(response.status_code)
            if response.status_code != 201:
                break
        problem = assert_unavailable(response)
        assert "nothing was stored" in problem["detail"]
        assert int(response.headers["Retry-After"]) > 0
        assert set(statuses[:-1]) == {201} and len(statuses) > 1
        ready = http.get(f"{url}/readyz", timeout=10)
        assert assert_unavailable(ready)["database"] == "failing"


def test_a_read_only_database_is_a_503_and_not_ready(confined, article):
    url, make_read_only = confined
    with requests.Session() as http:
        assert http.post(f"{url}/api/v1/feedback", json=feedback(article, 0)).status_code == 201
        assert http.get(f"{url}/readyz", timeout=10).status_code == 200
        make_read_only()
        assert_unavailable(http.post(f"{url}/api/v1/feedback", json=feedback(article, 1)))
        assert assert_unavailable(http.get(f"{url}/readyz", timeout=10))["database"] == "failing"
        # Checks need no database: still answered.
        assert http.post(f"{url}/api/v1/check", json=article, timeout=30).status_code == 200
