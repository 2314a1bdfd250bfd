"""The production layout under attack and overload: figures, not tests.

Starts the shipped layout with deploy/stack.py (nginx -> gunicorn hosts, Redis, and SQLite or
PostgreSQL) on loopback and prints, each with its baseline from the same run:

  overload   peak throughput (16 clients), then 800 clients with 5 s timeouts: goodput (answers
             within 5 s per second) as a share of peak, how fast the 503s come, timeouts.
             Each client sends its next check when it has an answer, after waiting as long
             as a 503's Retry-After says (as a well-behaved client does).
  slowloris  64 (and 192) connections sending headers and part of a body, slowly; share of
             normal checks that succeed through nginx, and (baseline) straight to gunicorn
  hosts      throughput and p99 of two hosts against one (one worker each)
  memory     worker RSS every 10,000 requests up to 50,000 (mixed: checks, cached checks,
             batches, feedback, errors)

    .venv/bin/python benchmarks/bench_service_stack.py [overload slowloris hosts memory]
        [--seconds 30] [--clients 800] [--requests 50000]

Every phase is bounded in time. The machine's load average is printed before and after: on a
shared 2-core machine the figures move with it.
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_service import article, percentile, unseen, worker_memory  # noqa: E402
from deploy import stack  # noqa: E402

TIMEOUT = 5.0  # the extension's


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class Recorder:
    """Outcomes of requests: (status or 'timeout'/'error', seconds, finished at)."""

    def __init__(self):
        self.rows: list[tuple[object, float, float]] = []
        self.lock = threading.Lock()

    def add(self, status, seconds: float) -> None:
        with self.lock:
            self.rows.append((status, seconds, time.monotonic()))


def request_once(
    conn_box: list, port: int, method: str, path: str, body: bytes | None, timeout: float
) -> tuple[object, float]:
    """One request over a kept-alive connection (reopened after any failure); a Retry-After
    is appended to ``conn_box``."""
    start = time.monotonic()
    try:
        if conn_box[0] is None:
            conn_box[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn = conn_box[0]
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        response.read()
        status = response.status
        if status in (429, 503):
            conn_box.append(float(response.getheader("Retry-After") or 1))
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn_box[0] = None
    except TimeoutError:
        status = "timeout"
    except (OSError, http.client.HTTPException):
        status = "error"
    if status in ("timeout", "error") and conn_box[0] is not None:
        conn_box[0].close()
        conn_box[0] = None
    return status, time.monotonic() - start


def drive(
    url: str,
    make_request,
    clients: int,
    seconds: float,
    timeout: float = TIMEOUT,
    limit: int | None = None,
) -> tuple[Recorder, float]:
    """``clients`` threads send ``make_request(n) -> (method, path, body)`` for ``seconds``."""
    port = urlsplit(url).port
    record = Recorder()
    stop = time.monotonic() + seconds
    counter = iter(range(limit if limit is not None else 10**12))
    lock = threading.Lock()

    def client():
        box = [None]
        while time.monotonic() < stop:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            status, took = request_once(box, port, *make_request(n), timeout)
            record.add(status, took)
            if len(box) > 1:  # like a well-behaved client, wait as told (Retry-After)
                time.sleep(min(box.pop(), max(0.0, stop - time.monotonic())))
        if box[0] is not None:
            box[0].close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + timeout + 30)
    return record, time.monotonic() - start


def summary(record: Recorder, wall: float, deadline: float = TIMEOUT) -> dict:
    rows = record.rows
    good = [t for s, t, _ in rows if s == 200 and t <= deadline]
    shed = [t for s, t, _ in rows if s == 503]
    return {
        "requests": len(rows),
        "ok": sum(1 for s, _, _ in rows if s == 200),
        "good": len(good),
        "goodput": len(good) / wall,
        "p50": percentile(good, 50) * 1000 if good else float("nan"),
        "p99": percentile(good, 99) * 1000 if good else float("nan"),
        "shed": len(shed),
        "shed_p99": percentile(shed, 99) * 1000 if shed else float("nan"),
        "timeouts": sum(1 for s, _, _ in rows if s == "timeout"),
        "errors": sum(1 for s, _, _ in rows if s == "error"),
        "other": sum(1 for s, _, _ in rows if s not in (200, 503, "timeout", "error")),
    }


def show(name: str, figures: dict) -> None:
    print(
        f"  {name}: {figures['requests']} requests, {figures['ok']} ok, "
        f"goodput {figures['goodput']:.1f}/s (answers within {TIMEOUT:.0f} s), "
        f"p50 {figures['p50']:.0f} ms, p99 {figures['p99']:.0f} ms; "
        f"503 {figures['shed']} (p99 {figures['shed_p99']:.0f} ms), "
        f"timeouts {figures['timeouts']}, errors {figures['errors']}, other {figures['other']}",
        flush=True,
    )


def check_payloads(title: str, body: str, tag: str):
    def make(n: int):
        payload = {"title": title, "body": unseen(body, f"{tag}-{n}")}
        return "POST", "/api/v1/check", json.dumps(payload).encode()

    return make


def start_layout(workdir: Path, hosts: int, workers: int, max_conns=None, **settings):
    """The layout in ``workdir``; ``finish(layout)`` stops it and removes the directory."""
    return stack.Stack(
        workdir,
        hosts=hosts,
        postgres=False,
        max_conns=max_conns,
        WORKERS=str(workers),
        RATELIMIT_ENABLED="false",
        **settings,
    )


def finish(layout: stack.Stack) -> None:
    layout.stop()
    shutil.rmtree(layout.workdir, ignore_errors=True)


def bench_overload(args, title: str, body: str) -> None:
    print(
        f"\n== overload: 1 host, 2 workers behind nginx; {args.clients} clients, "
        f"{TIMEOUT:.0f} s timeouts, {args.seconds:.0f} s per phase",
        flush=True,
    )
    workdir = stack.run_dir("bench-overload-")
    layout = start_layout(workdir, hosts=1, workers=2)
    try:
        drive(layout.url, check_payloads(title, body, "warm"), 4, 5)
        peak = summary(*drive(layout.url, check_payloads(title, body, "peak"), 16, args.seconds))
        show("peak, 16 clients", peak)
        over = summary(
            *drive(layout.url, check_payloads(title, body, "over"), args.clients, args.seconds)
        )
        show(f"overload, {args.clients} clients", over)
        print(
            f"  goodput under overload / peak throughput = "
            f"{over['goodput'] / max(peak['goodput'], 1e-9):.0%} (target >= 70 %)"
        )
        answered = over["good"] + over["shed"]
        print(
            f"  answered within the deadline or shed with 503: "
            f"{answered / max(over['requests'], 1):.1%} of {over['requests']}"
        )
    finally:
        finish(layout)
    if not args.baseline:
        return
    # The same layout with shedding off: no cap in nginx, no deadline, an unbounded queue.
    layout = start_layout(
        stack.run_dir("bench-overload-baseline-"),
        hosts=1,
        workers=2,
        max_conns=0,
        CHECK_DEADLINE="100000",
        QUEUE_MAX="100000000",
    )
    try:
        drive(layout.url, check_payloads(title, body, "bwarm"), 4, 5)
        base = summary(
            *drive(layout.url, check_payloads(title, body, "base"), args.clients, args.seconds)
        )
        show(f"baseline without shedding, {args.clients} clients", base)
        print(f"  baseline goodput / peak = {base['goodput'] / max(peak['goodput'], 1e-9):.0%}")
    finally:
        finish(layout)


def slow_client(port: int, stop: threading.Event, opened: list) -> None:
    """Send headers and part of a body, then one byte every 5 s (slowloris); the nginx tests
    use this same client."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
            sock.sendall(
                b"POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 100000\r\n\r\n{"title": "slow'
            )
            opened.append(1)
            while not stop.wait(5):
                sock.sendall(b"w")
    except OSError:
        pass


def under_slowloris(url: str, probe, attackers: int, seconds: float) -> dict:
    port = urlsplit(url).port
    stop = threading.Event()
    opened: list = []
    threads = [
        threading.Thread(target=slow_client, args=(port, stop, opened), daemon=True)
        for _ in range(attackers)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1)
    try:
        figures = summary(*drive(url, probe, 4, seconds))
        figures["slow_open"] = len(opened)
        return figures
    finally:
        stop.set()
        time.sleep(1)  # let them close before the next phase


def bench_slowloris(args, title: str, body: str) -> None:
    # Enough slow connections to hold every thread of the host (2 workers x 64 threads) and more.
    many = 192
    print(
        f"\n== slowloris: 64 and {many} slow connections; 4 normal clients for "
        f"{args.seconds:.0f} s, {TIMEOUT:.0f} s timeouts",
        flush=True,
    )
    workdir = stack.run_dir("bench-slowloris-")
    layout = start_layout(workdir, hosts=1, workers=2)
    try:
        # A new tag per phase, so every probe is scored (none answered from the cache).
        calm = summary(*drive(layout.url, check_payloads(title, body, "calm"), 4, args.seconds / 2))
        show("through nginx, no attack", calm)
        for attackers in (64, many):
            probe = check_payloads(title, body, f"nginx{attackers}")
            attacked = under_slowloris(layout.url, probe, attackers, args.seconds)
            show(
                f"through nginx, {attackers} slow connections ({attacked['slow_open']} open)",
                attacked,
            )
            share = attacked["good"] / max(attacked["requests"], 1)
            print(f"  normal checks that succeeded through nginx: {share:.1%} (target >= 99 %)")
        probe = check_payloads(title, body, "direct")
        direct = under_slowloris(layout.hosts[0].url, probe, many, min(args.seconds, 15))
        show(
            f"baseline: straight to gunicorn, {many} slow connections ({direct['slow_open']} open)",
            direct,
        )
        print(
            f"  ... succeeded straight to gunicorn: "
            f"{direct['good'] / max(direct['requests'], 1):.1%}"
        )
    finally:
        finish(layout)


def bench_hosts(args, title: str, body: str) -> None:
    print(
        f"\n== hosts: one worker per host behind nginx, 16 clients, {args.seconds:.0f} s, "
        f"{args.rounds} alternating rounds (the machine's other load drifts)",
        flush=True,
    )
    results: dict[int, list[dict]] = {1: [], 2: []}
    for round_ in range(args.rounds):
        for hosts in (1, 2):
            workdir = stack.run_dir(f"bench-hosts{hosts}-")
            layout = start_layout(workdir, hosts=hosts, workers=1)
            try:
                drive(layout.url, check_payloads(title, body, f"warm{hosts}{round_}"), 4, 5)
                figures = summary(
                    *drive(
                        layout.url,
                        check_payloads(title, body, f"h{hosts}r{round_}"),
                        16,
                        args.seconds,
                    )
                )
                results[hosts].append(figures)
                show(f"round {round_ + 1}, {hosts} host(s)", figures)
            finally:
                finish(layout)
    for round_, (one, two) in enumerate(zip(results[1], results[2], strict=True)):
        print(
            f"  round {round_ + 1}: two hosts / one: throughput "
            f"x{two['goodput'] / max(one['goodput'], 1e-9):.2f}, "
            f"p99 {two['p99']:.0f} vs {one['p99']:.0f} ms"
        )
    print(
        "  (on 2 cores shared with nginx and the load generator, a second host can add at "
        "most part of the second core)"
    )


def bench_memory(args, title: str, body: str) -> None:
    print(f"\n== memory: worker RSS over {args.requests} requests (mixed), 8 clients", flush=True)
    workdir = stack.run_dir("bench-memory-")
    layout = start_layout(workdir, hosts=1, workers=2)
    short = body[:2000]

    def mixed(n: int):
        kind = n % 10
        if kind < 6:  # the same few pages: answered from the cache
            return (
                "POST",
                "/api/v1/check",
                json.dumps({"title": title, "body": f"{short} Page {n % 50}."}).encode(),
            )
        if kind == 6:  # a new page: scored
            return (
                "POST",
                "/api/v1/check",
                json.dumps({"title": title, "body": f"{short} Unique {n}."}).encode(),
            )
        if kind == 7:
            items = [{"title": title, "body": f"{short} Page {m}."} for m in range(8)]
            return "POST", "/api/v1/check/batch", json.dumps({"items": items}).encode()
        if kind == 8:
            return (
                "POST",
                "/api/v1/feedback",
                json.dumps(
                    {
                        "title": title,
                        "body": f"{short} Page {n % 50}.",
                        "verdict": "consistent",
                        "correct": True,
                        "share_text": n % 20 == 8,
                    }
                ).encode(),
            )
        return "GET", f"/nope/{n}", None

    master = layout.hosts[0].process.pid
    try:
        drive(layout.url, mixed, 8, 20, limit=2000)  # warm: caches filled, pools grown
        rows = [(0, worker_memory(master))]
        done = 0
        step = args.requests // 5
        while done < args.requests:
            record, _ = drive(layout.url, mixed, 8, 600, limit=step)
            done += len(record.rows)
            failed = sum(1 for s, _, _ in record.rows if s not in (200, 201, 404))
            rows.append((done, worker_memory(master)))
            print(
                f"  after {done:6d}: "
                + ", ".join(f"worker {pid} RSS {rss:.1f} MB" for pid, rss, _ in rows[-1][1])
                + f"  ({failed} unexpected statuses)",
                flush=True,
            )
        first = {pid: rss for pid, rss, _ in rows[0][1]}
        last = {pid: rss for pid, rss, _ in rows[-1][1]}
        for pid in first:
            if pid in last:
                print(
                    f"  worker {pid}: {first[pid]:.1f} -> {last[pid]:.1f} MB "
                    f"({last[pid] / first[pid] - 1:+.1%}; target within 10 %)"
                )
    finally:
        finish(layout)


PHASES = {
    "overload": bench_overload,
    "slowloris": bench_slowloris,
    "hosts": bench_hosts,
    "memory": bench_memory,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("phases", nargs="*", choices=list(PHASES), help="default: all")
    parser.add_argument("--seconds", type=float, default=30, help="length of each load phase")
    parser.add_argument("--clients", type=int, default=800, help="clients in the overload phase")
    parser.add_argument("--rounds", type=int, default=2, help="hosts: alternating rounds")
    parser.add_argument(
        "--baseline", action="store_true", help="overload: also run with shedding turned off"
    )
    parser.add_argument("--requests", type=int, default=50_000, help="requests, memory phase")
    args = parser.parse_args()
    if absent := stack.missing("redis", "nginx"):
        print(f"needs the Debian packages: {' '.join(absent)}", file=sys.stderr)
        return 1
    title, body, source = article()
    print(
        f"article: {source}, {len(body.split())} words; machine: {os.cpu_count()} CPUs; "
        f"load average before: {load_average()}"
    )
    for phase in args.phases or PHASES:
        PHASES[phase](args, title, body)
    print(f"\nload average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
