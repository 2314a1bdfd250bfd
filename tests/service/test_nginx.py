"""nginx in front of gunicorn (deploy/): buffering against slow clients, limits, problem+json."""

import threading
import time
from urllib.parse import urlsplit

import pytest
import requests

from benchmarks.bench_service_stack import slow_client
from tests.service.servers import (
    MALFORMED_REQUESTS,
    PROBLEM,
    assert_problem,
    raw_exchange,
    require,
    subdir,
)


@pytest.mark.parametrize(
    ("request_bytes", "expected"),
    [
        *MALFORMED_REQUESTS,
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET /_problem/400 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404),
        (
            b"POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 3000000\r\n\r\n",
            413,
        ),
    ],
)
def test_nginx_refusals_are_problem_json(front, request_bytes, expected):
    assert_problem(*raw_exchange(front["url"], request_bytes), expected)


def test_a_chunked_body_over_the_limit_is_413(front):
    piece = b"x" * 65536
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for _ in range(40)) + b"0\r\n\r\n"
    head = (
        b"POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    assert_problem(*raw_exchange(front["url"], head + chunks), 413)


def test_answers_from_the_app_pass_through(front, article):
    ok = requests.post(f"{front['url']}/api/v1/check", json=article, timeout=30)
    assert ok.status_code == 200 and ok.json()["verdict"] == "consistent"
    assert ok.headers["X-Request-ID"]
    bad = requests.post(f"{front['url']}/api/v1/check", json={"title": "t"}, timeout=30)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "body"
    assert requests.get(f"{front['url']}/nope", timeout=10).headers["Content-Type"] == PROBLEM


def test_slow_clients_do_not_take_the_service_away(front, article):
    """The issue's probe: 24 connections sending headers and part of a body stopped gunicorn.
    Behind nginx, 64 of them leave every normal check answered."""
    stop = threading.Event()
    sent: list = []
    slow = [
        threading.Thread(
            target=slow_client, args=(urlsplit(front["url"]).port, stop, sent), daemon=True
        )
        for _ in range(64)
    ]
    try:
        for thread in slow:
            thread.start()
        deadline = time.monotonic() + 10
        while len(sent) < 64 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(sent) == 64
        statuses = []
        with requests.Session() as http:
            for n in range(20):
                page = {**article, "body": f"{article['body']} Probe {n}."}
                response = http.post(f"{front['url']}/api/v1/check", json=page, timeout=5)
                statuses.append(response.status_code)
        assert statuses == [200] * 20
    finally:
        stop.set()
        for thread in slow:
            thread.join(5)


def test_no_host_answering_is_a_503_problem_with_retry_after(run_root):
    """nginx's own 502/504 (every host down) become a 503 problem+json with Retry-After."""
    from deploy import stack

    require("nginx")
    nowhere = f"http://127.0.0.1:{stack.free_port()}"  # nothing listens there
    nginx = stack.start_nginx(subdir(run_root, "nohost"), [nowhere])
    try:
        response = requests.get(f"{nginx.url}/readyz", timeout=10)
    finally:
        nginx.stop()
    assert response.status_code == 503
    assert response.headers["Content-Type"] == PROBLEM
    assert int(response.headers["Retry-After"]) > 0
    assert "No check service host" in response.json()["detail"]
