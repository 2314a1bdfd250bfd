"""App and client fixtures for the service tests (Flask tutorial style)."""

import os

import pytest

from service import create_app
from tests.service.servers import require, subdir


@pytest.fixture
def make_app(checker, tmp_path, monkeypatch):
    """Build apps on the real model, isolated from HEADLINE_CHECK_* in the caller's environment."""
    for key in list(os.environ):
        if key.startswith("HEADLINE_CHECK_"):
            monkeypatch.delenv(key)

    def make(**config):
        base = {
            "TESTING": True,
            "DATABASE": str(tmp_path / "feedback.sqlite3"),
            "RATELIMIT_ENABLED": False,
        }
        return create_app({**base, **config}, checker=checker)

    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


HEADLINE = "City council approves new protected bike lanes on Main Street"
ARTICLE = (
    "The city council voted on Tuesday to approve a plan for protected bike lanes along Main "
    "Street, ending a debate that has lasted more than two years. The plan, approved by a vote "
    "of seven to two, will add separated bike lanes on both sides of Main Street between the "
    "railway station and the river. Council members who supported the bike lanes said the "
    "change would make the street safer for cyclists and pedestrians. The mayor said the city "
    "would begin construction of the lanes in the spring and expected the work to finish "
    "before the end of the year. Some shop owners on Main Street had opposed the plan because "
    "it removes parking spaces, and two council members voted against it for that reason. The "
    "council said it would add parking in a new garage near the station to make up for the "
    "spaces lost to the bike lanes. Local cycling groups welcomed the vote and said they had "
    "campaigned for protected lanes on Main Street since a cyclist was injured there in 2022."
)


@pytest.fixture
def article() -> dict:
    """A short honest news item: its headline matches its body."""
    return {"title": HEADLINE, "body": ARTICLE}


# Real servers from Debian packages (redis-server, postgresql, nginx) and gunicorn, each on a
# free loopback port in a temporary directory, started and stopped by the fixtures below with
# deploy/stack.py (the same code that starts the documented stack).


@pytest.fixture(scope="session")
def run_root():
    """One traversable temporary directory for every server of the session."""
    import shutil

    from deploy import stack

    root = stack.run_dir("headline-check-test-")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server(run_root):
    require("redis")
    from deploy import stack

    server = stack.start_redis(subdir(run_root, "redis"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_server(run_root):
    require("postgres")
    from deploy import stack

    server = stack.start_postgres(subdir(run_root, "postgres"))
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty database on the session's PostgreSQL server."""
    import uuid

    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server.url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = postgres_server.url.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with psycopg.connect(postgres_server.url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def front(run_root):
    """nginx (deploy/nginx.conf) in front of one gunicorn host (deploy/gunicorn.conf.py)."""
    require("nginx")
    from deploy import stack

    workdir = subdir(run_root, "front")
    host = stack.start_gunicorn(workdir, "host", WORKERS="1", PROXY_COUNT="1")
    try:
        nginx = stack.start_nginx(workdir, [host.url])
    except BaseException:
        host.stop()
        raise
    yield {"url": nginx.url, "host": host, "nginx": nginx}
    nginx.stop()
    host.stop()
