"""Latency, throughput and memory of the check service under gunicorn, next to the model's own time.

Starts ``gunicorn --preload -w 2 --threads 4 'service:create_app()'`` (docs/service.md) on a
free loopback port with the bundled model, sends a ~1,000-word article from 8 client threads
(bounded in count and time), first with a unique body per request (every check is scored),
then the same request repeated (answered from the cache). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_service.py [--clients 8] [--requests 400] [--seconds 60]
    .venv/bin/python benchmarks/bench_service.py --gunicorn-args ""   # sync workers, no threads
"""

import argparse
import csv
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FNC = ROOT.parent / "shared" / "data" / "fnc-1"
WORDS = 1000


def article() -> tuple[str, str, str]:
    """(title, body, source): the FNC-1 body nearest 1,000 words with one of its headlines."""
    bodies_csv, stances_csv = FNC / "train_bodies.csv", FNC / "train_stances.csv"
    if bodies_csv.is_file() and stances_csv.is_file():
        with open(bodies_csv, newline="", encoding="utf-8") as f:
            bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(f)}
        body_id = min(bodies, key=lambda b: abs(len(bodies[b].split()) - WORDS))
        with open(stances_csv, newline="", encoding="utf-8") as f:
            title = next(r["Headline"] for r in csv.DictReader(f) if r["Body ID"] == body_id)
        return title, bodies[body_id], f"FNC-1 body {body_id}"
    sentence = (
        "The council approved the plan for protected bike lanes on Main Street after a long "
        "debate, and the mayor said construction would start in the spring. "
    )
    body = sentence * (WORDS // len(sentence.split()) + 1)
    return "Council approves bike lanes on Main Street", body, "synthetic (no ../shared)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def post(conn: http.client.HTTPConnection, payload: bytes) -> tuple[float, dict]:
    """One check over ``conn`` (kept alive when the server allows, else reopened)."""
    start = time.perf_counter()
    conn.request("POST", "/api/v1/check", payload, {"Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status}: {data[:200]!r}")
    return elapsed, json.loads(data)


def load(port, make_payload, clients: int, total: int, seconds: float) -> dict:
    """``clients`` threads send up to ``total`` requests in at most ``seconds``."""
    latencies, service_ms, errors = [], [], []
    counter = iter(range(total))
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            try:
                ms, body = post(conn, make_payload(n))
            except Exception as e:  # report, keep measuring
                errors.append(str(e))
                conn.close()
                continue
            with lock:
                latencies.append(ms)
                service_ms.append(body["elapsed_ms"])
        conn.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    return {"lat": latencies, "svc": service_ms, "wall": wall, "errors": errors}


def worker_memory(master_pid: int) -> list[tuple[int, float, float]]:
    """(pid, RSS MB, PSS MB) of each gunicorn worker (children of the master)."""
    rows = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) != master_pid:
                continue
            fields = dict(
                line.split(":", 1) for line in (entry / "smaps_rollup").read_text().splitlines()[1:]
            )
        except (OSError, ValueError):
            continue
        rss, pss = (int(fields[key].split()[0]) / 1024 for key in ("Rss", "Pss"))
        rows.append((int(entry.name), rss, pss))
    return sorted(rows)


def report(name: str, run: dict) -> None:
    lat, svc = run["lat"], run["svc"]
    if not lat:
        print(f"{name}: no successful requests ({len(run['errors'])} errors)")
        return
    p50, p99 = percentile(lat, 50), percentile(lat, 99)
    s50, s99 = percentile(svc, 50), percentile(svc, 99)
    print(f"{name}: {len(lat)} requests in {run['wall']:.1f} s, {len(run['errors'])} errors")
    mean = statistics.mean(lat)
    print(f"  HTTP latency     p50 {p50:8.2f} ms   p99 {p99:8.2f} ms   mean {mean:.2f}")
    print(f"  in-service time  p50 {s50:8.2f} ms   p99 {s99:8.2f} ms   (elapsed_ms in answers)")
    print(f"  HTTP / in-service p50 ratio {p50 / max(s50, 1e-3):.1f}x")
    print(f"  throughput       {len(lat) / run['wall']:8.1f} checks/s")


def unseen(body: str, key: object) -> str:
    """The body with ``key`` (a request number) in front of every sentence: a page the
    service has never seen, so neither the result cache nor the encoder's cache of recent
    sentences can answer it."""
    return re.sub(r"(?<=[.!?])\s+", f" {key} ", f"{key} {body}")


def in_process(title: str, body: str, repeats: int, model: str | None) -> list[float]:
    """The model's own time per check, through the service's scorer with the cache off."""
    sys.path.insert(0, str(ROOT))
    from service.scoring import Scorer
    from training.checker import Checker

    scorer = Scorer(Checker.load(model), max_title_chars=1000, max_body_chars=100_000, cache_size=0)
    times = []
    for n in range(repeats):
        item = scorer.prepare(title, unseen(body, n), "normal")
        start = time.perf_counter()
        scorer.check(item)
        times.append((time.perf_counter() - start) * 1000)
    return times[3:]  # first calls warm caches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model .joblib (default: the bundled one)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400, help="uncached requests")
    parser.add_argument("--cached-requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60, help="time bound per phase")
    parser.add_argument(
        "--gunicorn-args", default="--threads 4", help="gunicorn options besides --preload -w 2"
    )
    args = parser.parse_args()

    title, body, source = article()
    print(f"article: {source}, {len(body.split())} words, {len(body)} chars")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")

    model_ms = in_process(title, body, 43, args.model)
    print(
        f"in-process model (Scorer.check, 1 thread): p50 {percentile(model_ms, 50):.2f} ms, "
        f"p99 {percentile(model_ms, 99):.2f} ms over {len(model_ms)} checks"
    )

    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="bench-service-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEADLINE_CHECK_")}
    env.update(
        HEADLINE_CHECK_DATABASE=str(workdir / "feedback.sqlite3"),
        # One client address sends everything here; the per-client limit would cut it short.
        HEADLINE_CHECK_RATELIMIT_ENABLED="false",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    if args.model:
        env["HEADLINE_CHECK_MODEL"] = str(Path(args.model).resolve())
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    command = [gunicorn, "--preload", "-w", "2", "-b", f"127.0.0.1:{port}"]
    command += [*args.gunicorn_args.split(), "service:create_app()"]
    print("server:", " ".join(command))
    log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 (closed in finally)
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        for _ in range(300):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/readyz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.1)
            finally:
                conn.close()
        else:
            print("server did not become ready; see", workdir / "gunicorn.log")
            return 1

        unique = lambda n: json.dumps({"title": title, "body": unseen(body, n)}).encode()  # noqa: E731
        fixed = json.dumps({"title": title, "body": body}).encode()
        load(port, lambda n: unique(-1 - n), args.clients, 16, args.seconds)  # warm up
        uncached = load(port, unique, args.clients, args.requests, args.seconds)
        report(f"uncached, {args.clients} clients", uncached)
        load(port, lambda n: fixed, args.clients, 32, args.seconds)  # fill both workers' caches
        cached = load(port, lambda n: fixed, args.clients, args.cached_requests, args.seconds)
        report(f"cached repeat, {args.clients} clients", cached)

        for pid, rss, pss in worker_memory(server.pid):
            print(f"worker {pid}: RSS {rss:.0f} MB, PSS {pss:.0f} MB (shared pages split)")
        model_p50 = percentile(model_ms, 50)
        if uncached["lat"]:
            http_p50 = percentile(uncached["lat"], 50)
            print(
                f"overhead: HTTP p50 {http_p50:.2f} ms vs in-process model p50 "
                f"{model_p50:.2f} ms = {http_p50 / model_p50:.1f}x"
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
