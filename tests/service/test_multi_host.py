"""Two hosts behind one nginx, sharing Redis and PostgreSQL; one host dies under load.

The production layout of docs/service.md, started from deploy/ by the test: nginx in front of
two gunicorn instances (one worker each, to spare this 2-core machine), Redis for the rate
limit and the result cache, PostgreSQL for feedback.
"""

import threading
import time
import uuid
from collections import Counter

import psycopg
import pytest
import requests

from tests.service.servers import require, subdir

# Pages per minute per client: the load below (~3,000 requests in 12 s from one client, nginx)
# stays well under it.
LIMIT = 10_000
LOAD_SECONDS = 12
KILL_AT = 4


@pytest.fixture(scope="module")
def two_hosts(run_root):
    require("redis", "postgres", "nginx")
    from deploy.stack import Stack

    stack = Stack(
        subdir(run_root, "two-hosts"),
        hosts=2,
        WORKERS="1",
        RATELIMIT_ENABLED="true",
        RATELIMIT_DEFAULT=f"{LIMIT} per minute",
    )
    yield stack
    stack.stop()


def test_the_rate_limit_holds_across_hosts(two_hosts, article):
    """A client over its limit on one host is limited on the other (counters in Redis)."""
    one, other = (host.url for host in two_hosts.hosts)
    # Straight to the hosts, as nginx would send it: the client is the forwarded address.
    client = {"X-Forwarded-For": "198.51.100.23"}
    batch = {"items": [article] * 50}  # the same page: scored once, then cached
    statuses = [
        requests.post(
            f"{one}/api/v1/check/batch", json=batch, headers=client, timeout=30
        ).status_code
        for _ in range(LIMIT // 50)
    ]
    assert statuses == [200] * (LIMIT // 50)
    refused = requests.post(f"{other}/api/v1/check", json=article, headers=client, timeout=30)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert requests.get(f"{one}/api/v1/model", headers=client, timeout=30).status_code == 429
    # Through nginx a client cannot claim another address: nginx replaces X-Forwarded-For.
    via_nginx = requests.post(
        f"{two_hosts.url}/api/v1/check", json=article, headers=client, timeout=30
    )
    assert via_nginx.status_code == 200


def test_killing_a_host_under_load_loses_no_acknowledged_feedback(two_hosts, article):
    url = two_hosts.url
    stop = threading.Event()
    lock = threading.Lock()
    checks = {"ok": 0, "failed": 0}
    acked: dict[str, int] = {}  # Idempotency-Key -> feedback id the service acknowledged
    unacked: list[str] = []
    why: Counter = Counter()  # what failed, for the assertion messages
    run = uuid.uuid4().hex[:8]

    def check_load(worker: int) -> None:
        with requests.Session() as http:
            n = 0
            while not stop.is_set():
                n += 1
                page = {**article, "body": f"{article['body']} Run {run} w{worker} n{n}."}
                try:
                    status = http.post(f"{url}/api/v1/check", json=page, timeout=10).status_code
                except requests.RequestException as error:
                    status = type(error).__name__
                with lock:
                    checks["ok" if status == 200 else "failed"] += 1
                    if status != 200:
                        why[f"check {status}"] += 1

    def feedback_load(worker: int) -> None:
        """A careful client: retries with the same Idempotency-Key until acknowledged."""
        with requests.Session() as http:
            n = 0
            while not stop.is_set():
                n += 1
                key = f"{run}-w{worker}-n{n}"
                payload = {
                    **article,
                    "body": f"{article['body']} Feedback {key}.",
                    "verdict": "consistent",
                    "correct": True,
                    "share_text": True,
                }
                for _attempt in range(20):
                    try:
                        answer = http.post(
                            f"{url}/api/v1/feedback",
                            json=payload,
                            headers={"Idempotency-Key": key},
                            timeout=10,
                        )
                    except requests.RequestException as error:
                        with lock:
                            why[f"feedback {type(error).__name__}"] += 1
                        time.sleep(0.2)
                        continue
                    if answer.status_code in (200, 201):
                        with lock:
                            acked[key] = answer.json()["id"]
                        break
                    with lock:
                        why[f"feedback {answer.status_code} {answer.text[:80]}"] += 1
                    time.sleep(0.2)
                else:
                    with lock:
                        unacked.append(key)

    threads = [threading.Thread(target=check_load, args=(n,)) for n in range(4)]
    threads += [threading.Thread(target=feedback_load, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(KILL_AT)
    victim = two_hosts.hosts[0]
    victim.kill()  # SIGKILL to the gunicorn master and its worker: no goodbye
    time.sleep(LOAD_SECONDS - KILL_AT)
    stop.set()
    for thread in threads:
        thread.join(60)

    total = checks["ok"] + checks["failed"]
    print(f"checks {checks}, feedback acknowledged {len(acked)}, failures {dict(why)}")
    assert total > 50, checks
    assert checks["failed"] / total < 0.01, (checks, why)
    assert acked and not unacked, (unacked, why)
    with psycopg.connect(two_hosts.postgres.url) as conn:
        rows = conn.execute(
            "SELECT idempotency_key, id FROM feedback WHERE idempotency_key LIKE %s", (f"{run}-%",)
        ).fetchall()
    stored = dict(rows)
    assert len(rows) == len(stored)  # one row per key: retries stored nothing twice
    assert {key: stored.get(key) for key in acked} == acked  # every acknowledgement is there
    # The surviving host still answers, alone.
    assert requests.get(f"{url}/readyz", timeout=10).status_code == 200
