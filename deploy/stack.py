"""Start the production layout on this machine: Redis, PostgreSQL, gunicorn hosts, nginx in front.

    .venv/bin/python deploy/stack.py [--port 8080] [--hosts 2] [--workers 2] [--sqlite]

Everything runs from Debian's packages (redis-server, postgresql, nginx) on loopback, in one
temporary directory, until Ctrl+C. The same functions start the servers for the tests
(tests/service/conftest.py) and the benchmarks, so what is tested is what is shipped:
deploy/nginx.conf and deploy/gunicorn.conf.py. PostgreSQL refuses to run as root; as root it
runs as Debian's ``postgres`` user (through runuser), in a data directory owned by it.
"""

import argparse
import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
# Debian package that provides each program, for messages and `make test`'s apt-get.
PACKAGES = {"redis": "redis-server", "postgres": "postgresql", "nginx": "nginx"}


class ServerError(RuntimeError):
    """A server could not be started; the message says which and why (with its log's tail)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin() -> Path | None:
    """Debian's PostgreSQL server programs (the newest installed major version)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/postgres"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(found[-1]).parent if found else None


def program(kind: str) -> str | None:
    """Path of the server program for ``kind`` (redis, postgres, nginx), or None."""
    if kind == "postgres":
        directory = postgres_bin()
        return str(directory / "postgres") if directory else None
    name = {"redis": "redis-server", "nginx": "nginx"}[kind]
    return shutil.which(name) or next(
        (p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.path.exists(p)), None
    )


def missing(*kinds: str) -> list[str]:
    """The Debian packages missing for ``kinds``."""
    return [PACKAGES[kind] for kind in kinds if program(kind) is None]


@dataclass
class Server:
    """One started process (its own process group) and its log file."""

    name: str
    process: subprocess.Popen
    log: Path
    url: str
    pid_file: Path | None = None  # the real server's pid, when a wrapper started it
    stop_signal: int = signal.SIGTERM
    extra: dict = field(default_factory=dict)

    def pids(self) -> list[int]:
        pids = [self.process.pid]
        if self.pid_file and self.pid_file.exists():
            first = self.pid_file.read_text().split()[:1]
            if first and first[0].isdigit():
                pids.append(int(first[0]))
        return pids

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group (e.g. a gunicorn master and its workers)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self, timeout: float = 20) -> None:
        if self.process.poll() is not None:
            return
        for pid in self.pids()[::-1]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, self.stop_signal)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _spawn(name: str, command: list[str], workdir: Path, env=None, pid_file=None, url="") -> Server:
    log = workdir / f"{name}.log"
    with open(log, "ab") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
    return Server(name, process, log, url, pid_file)


def wait_until(server: Server, ready, timeout: float) -> Server:
    """Poll ``ready()`` until true; stop and raise ServerError if the process dies or times out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if ready():
                return server
        except OSError:
            pass
        if not server.alive() or time.monotonic() > deadline:
            reason = "exited" if not server.alive() else f"not ready after {timeout:.0f} s"
            server.stop()
            raise ServerError(f"{server.name} {reason}:\n{server.tail()}")
        time.sleep(0.1)


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def http_ok(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=2) as response:
        return response.status == 200


def run_dir(prefix: str) -> Path:
    """A temporary directory that the servers' unprivileged users (postgres, www-data) can
    traverse: pytest's own tmp_path is readable by its owner only."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def start_redis(workdir: Path, timeout: float = 20) -> Server:
    port = free_port()
    command = [program("redis") or "redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no", "--dir", str(workdir), "--daemonize", "no"]
    server = _spawn("redis", command, workdir, url=f"redis://127.0.0.1:{port}/0")
    return wait_until(server, lambda: port_open(port), timeout)


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def start_postgres(workdir: Path, timeout: float = 60) -> Server:
    """initdb a fresh cluster in ``workdir``/pgdata and run it on a free loopback port."""
    bindir = postgres_bin()
    if bindir is None:
        raise ServerError("PostgreSQL is not installed (Debian package postgresql)")
    data = workdir / "pgdata"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    initdb = [
        str(bindir / "initdb"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
    ]
    init = subprocess.run(
        _as_postgres([*initdb, "--no-sync", "--no-instructions"]),
        capture_output=True,
        text=True,
        cwd="/",
    )
    if init.returncode != 0:
        raise ServerError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
    port = free_port()
    command = _as_postgres([str(bindir / "postgres"), "-D", str(data), "-p", str(port)])
    command += ["-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={data}"]
    command += ["-c", "max_connections=200"]
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    server = _spawn("postgres", command, workdir, pid_file=data / "postmaster.pid", url=url)
    server.stop_signal = signal.SIGINT  # "fast" shutdown; SIGTERM waits for every client
    return wait_until(server, lambda: _pg_ready(url), timeout)


def _pg_ready(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=2) as conn:
            conn.execute("SELECT 1")
        return True
    except psycopg.OperationalError:
        return False


def service_env(**settings: str) -> dict[str, str]:
    """The caller's environment without HEADLINE_CHECK_*, plus ``settings`` (unprefixed names)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEADLINE_CHECK_")}
    if os.environ.get("HEADLINE_CHECK_MODEL"):
        env["HEADLINE_CHECK_MODEL"] = os.environ["HEADLINE_CHECK_MODEL"]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update({f"HEADLINE_CHECK_{key}": str(value) for key, value in settings.items()})
    return env


def start_gunicorn(
    workdir: Path, name: str = "gunicorn", *, args=(), timeout: float = 120, **settings
) -> Server:
    """``gunicorn -c deploy/gunicorn.conf.py service.wsgi:app`` on a free port; ``settings``
    are HEADLINE_CHECK_* values (WORKERS, THREADS, DATABASE, RATELIMIT_STORAGE_URI ...)."""
    port = free_port()
    settings.setdefault("DATABASE", str(workdir / "feedback.sqlite3"))
    env = service_env(BIND=f"127.0.0.1:{port}", **settings)
    command = [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py")]
    command += [*args, "service.wsgi:app"]
    server = _spawn(name, command, workdir, env=env, url=f"http://127.0.0.1:{port}")
    server.extra["port"] = port
    return wait_until(server, lambda: http_ok(f"{server.url}/healthz"), timeout)


def render_nginx(
    workdir: Path, listen_port: int, upstream_urls: list[str], max_conns: int = 128
) -> Path:
    """deploy/nginx.conf with this run's port, hosts and (as root) worker user;
    ``max_conns`` = each host's workers x threads."""
    for sub in ("logs", "tmp"):
        (workdir / sub).mkdir(exist_ok=True)
    servers = "\n        ".join(
        f"server {url.removeprefix('http://')} max_fails=1 fail_timeout=10s max_conns={max_conns};"
        for url in upstream_urls
    )
    text = (DEPLOY / "nginx.conf").read_text()
    text = text.replace("@USER@", "user www-data;" if os.geteuid() == 0 else "")
    text = text.replace("@UPSTREAMS@", servers).replace("@LISTEN@", f"127.0.0.1:{listen_port}")
    conf = workdir / "nginx.conf"
    conf.write_text(text)
    return conf


def start_nginx(
    workdir: Path, upstream_urls: list[str], port: int = 0, timeout: float = 20, max_conns=128
) -> Server:
    port = port or free_port()
    conf = render_nginx(workdir, port, upstream_urls, max_conns)
    nginx = program("nginx") or "nginx"
    test = subprocess.run(
        [nginx, "-t", "-q", "-p", str(workdir), "-c", str(conf)], text=True, capture_output=True
    )
    if test.returncode != 0:
        raise ServerError(f"nginx -t failed: {test.stderr.strip()}")
    command = [nginx, "-p", str(workdir), "-c", str(conf), "-g", "daemon off;"]
    server = _spawn("nginx", command, workdir, url=f"http://127.0.0.1:{port}")
    server.extra["port"] = port
    return wait_until(server, lambda: port_open(port), timeout)


class Stack:
    """Redis + PostgreSQL (or SQLite) + ``hosts`` gunicorn instances + nginx; stop() ends all."""

    def __init__(
        self,
        workdir: Path,
        *,
        hosts: int = 2,
        postgres: bool = True,
        port: int = 0,
        max_conns: int | None = None,
        **settings,
    ):
        self.workdir = workdir
        self.servers: list[Server] = []
        try:
            self.redis = self._add(start_redis(workdir))
            database = str(workdir / "feedback.sqlite3")
            self.postgres = None
            if postgres:
                self.postgres = self._add(start_postgres(workdir))
                database = self.postgres.url
            base = {
                "DATABASE": database,
                "RATELIMIT_STORAGE_URI": self.redis.url,
                "CACHE_STORAGE_URI": self.redis.url,
                "PROXY_COUNT": "1",
                **settings,
            }
            self.hosts = [
                self._add(start_gunicorn(workdir, f"host{n + 1}", **base)) for n in range(hosts)
            ]
            upstreams = [host.url for host in self.hosts]
            # Defaults of deploy/gunicorn.conf.py: 2 workers x 64 threads.
            # (0 = no cap, as nginx means it.)
            if max_conns is None:
                max_conns = int(settings.get("WORKERS", 2)) * int(settings.get("THREADS", 64))
            self.nginx = self._add(start_nginx(workdir, upstreams, port, max_conns=max_conns))
        except BaseException:
            self.stop()
            raise

    def _add(self, server: Server) -> Server:
        self.servers.append(server)
        return server

    @property
    def url(self) -> str:
        return self.nginx.url

    def stop(self) -> None:
        for server in reversed(self.servers):
            server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (0 = any free)")
    parser.add_argument("--hosts", type=int, default=2, help="gunicorn instances (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="workers per instance")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--dir", help="run directory (default: a new temporary one)")
    args = parser.parse_args()
    needed = ("redis", "nginx") if args.sqlite else ("redis", "postgres", "nginx")
    if absent := missing(*needed):
        print(
            f"stack: install the Debian packages: apt-get install {' '.join(absent)}",
            file=sys.stderr,
        )
        return 1
    # `kill` and `timeout` stop the stack as Ctrl+C does, servers included.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    workdir = Path(args.dir) if args.dir else run_dir("headline-check-stack-")
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        stack = Stack(
            workdir,
            hosts=args.hosts,
            postgres=not args.sqlite,
            port=args.port,
            WORKERS=str(args.workers),
        )
    except ServerError as error:
        print(f"stack: {error}", file=sys.stderr)
        return 1
    print(f"Headline Check at {stack.url} (nginx) -> " + ", ".join(h.url for h in stack.hosts))
    print(
        f"  redis {stack.redis.url}; database {stack.postgres.url if stack.postgres else 'SQLite'}"
    )
    print(f"  logs in {workdir}; stop with Ctrl+C", flush=True)
    try:
        while all(server.alive() for server in stack.servers):
            time.sleep(1)
        print("stack: a server exited; stopping", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
