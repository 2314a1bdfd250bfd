"""Helpers for tests that start real servers (deploy/stack.py) or speak raw HTTP to them."""

import json
import os
import socket
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PROBLEM = "application/problem+json"

# Requests every HTTP layer must refuse (URI too long, header too big, HTTP/3.7, a bad header
# name), with the status each should answer: gunicorn and nginx are tested with the same bytes.
MALFORMED_REQUESTS = [
    (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n", 431),
    (b"GET / HTTP/3.7\r\nHost: x\r\n\r\n", 505),
    (b"GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n", 400),
]


def require(*kinds: str) -> None:
    """Skip (locally) or fail (CI=true) when a Debian package the test needs is absent."""
    from deploy import stack

    absent = stack.missing(*kinds)
    if not absent:
        return
    message = f"needs the Debian packages {', '.join(absent)} (make test installs them)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def subdir(root, name: str) -> Path:
    """A fresh directory under ``root`` that the servers' own users can traverse."""
    path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=root))
    path.chmod(0o755)
    return path


def raw_exchange(url: str, data: bytes, timeout: float = 20) -> tuple[int, dict, bytes]:
    """Send ``data`` as is; return (status, headers, body) of the answer."""
    port = urlsplit(url).port
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


def assert_problem(status, headers, body, expected):
    assert status == expected
    assert headers["content-type"] == PROBLEM
    problem = json.loads(body)
    assert problem["status"] == expected and problem["detail"]
