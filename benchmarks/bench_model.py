"""Model speed and memory: prints figures (no pass/fail), each beside a baseline from the same run.

Baseline: the simplest sensible pipeline (one TF-IDF cosine into a logistic regression) on the
same pairs, so the ratios show what the richer features cost on this machine today.

    .venv/bin/python benchmarks/bench_model.py [--skip-training]
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from training.checker import Checker  # noqa: E402
from training.model_store import DEFAULT_MODEL, load_model  # noqa: E402

FNC = ROOT.parent / "shared" / "data" / "fnc-1"
TARGETS = {
    "p50_ms_1000_words": 5.0,
    "batch_pairs_per_s": 500,
    "load_s": 2.0,
    "train_min": 10,
    "train_gb": 6,
}


def corpus_text() -> str:
    if (FNC / "train_bodies.csv").exists():
        import csv

        with open(FNC / "train_bodies.csv", encoding="utf-8") as f:
            return " ".join(r["articleBody"] for r in list(csv.DictReader(f))[:300])
    lines = (ROOT / "seeds" / "examples.jsonl").read_text().splitlines()
    return " ".join(json.loads(line)["body"] for line in lines) * 50


def body_of(words: list[str], n: int, offset: int) -> str:
    return " ".join(words[offset : offset + n])


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def baseline_pipeline(pairs, labels):
    """TF-IDF cosine of headline and body into logistic regression: the cheapest real model."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(stop_words="english").fit([t for p in pairs for t in p])

    def cosine(X):
        h = vectorizer.transform([p[0] for p in X])
        b = vectorizer.transform([p[1] for p in X])
        return np.asarray(h.multiply(b).sum(axis=1))

    return make_pipeline(FunctionTransformer(cosine), LogisticRegression()).fit(pairs, labels)


def time_single(predict, pairs, repeats: int) -> list[float]:
    samples = []
    for i in range(repeats):
        pair = pairs[i % len(pairs)]
        start = time.perf_counter()
        predict([pair])
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-training", action="store_true", help="skip the ~3 min training run")
    parser.add_argument("--repeats", type=int, default=300)
    args = parser.parse_args()

    start = time.perf_counter()
    load_model(DEFAULT_MODEL)
    load_s = time.perf_counter() - start
    checker = Checker.load()
    print(
        f"model load (verify SHA-256 + unpickle): {load_s:.2f} s  (target <= {TARGETS['load_s']} s)"
    )
    print(f"model file: {DEFAULT_MODEL.stat().st_size / 1e6:.1f} MB")

    words = corpus_text().split()
    headline = "Government condemns response to deepfake scandal"
    sample_pairs = [(headline, body_of(words, 1000, i * 37)) for i in range(20)]
    baseline = baseline_pipeline(sample_pairs * 2, ["agree", "unrelated"] * 20)

    print("\nsingle-pair latency (checker.check: judge + features + model + evidence; one OpenMP")
    print("thread, as the service runs it: threads only add overhead for one row)")
    print(f"{'body words':>10} {'p50 ms':>8} {'p99 ms':>8} {'baseline p50':>13} {'ratio':>6}")
    for n in (100, 1000, 5000):
        pairs = [(headline, body_of(words, n, i * 101)) for i in range(30)]
        with threadpool_limits(1):
            ours = time_single(lambda ps: checker.check_many(ps), pairs, args.repeats)
            base = time_single(baseline.predict_proba, pairs, args.repeats)
        p50, p99 = percentiles(ours)
        b50, _ = percentiles(base)
        print(f"{n:>10} {p50:>8.2f} {p99:>8.2f} {b50:>13.2f} {p50 / b50:>6.1f}x")

    batch = [(headline, body_of(words, 600, i * 53)) for i in range(1000)]
    start = time.perf_counter()
    checker.check_many(batch)
    ours_rate = len(batch) / (time.perf_counter() - start)
    start = time.perf_counter()
    baseline.predict_proba(batch)
    base_rate = len(batch) / (time.perf_counter() - start)
    print(
        f"\nbatch throughput (1,000 pairs, 600-word bodies): {ours_rate:,.0f} pairs/s "
        f"(target >= {TARGETS['batch_pairs_per_s']}); baseline {base_rate:,.0f} pairs/s, "
        f"ratio {base_rate / ours_rate:.1f}x slower"
    )

    if args.skip_training or not FNC.exists():
        print("\ntraining: skipped" + ("" if FNC.exists() else f" ({FNC} not found)"))
        return
    out = Path("/tmp/headline-check-bench-model.joblib")
    command = [
        sys.executable,
        "-m",
        "training.cli",
        "train",
        "--stances",
        str(FNC / "train_stances.csv"),
        "--bodies",
        str(FNC / "train_bodies.csv"),
        "--holdout-ids",
        str(FNC / "splits" / "hold_out_ids.txt"),
        "--fit-on",
        "train-split",
        "--output",
        str(out),
    ]
    start = time.perf_counter()
    subprocess.run(
        command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    seconds = time.perf_counter() - start
    peak_gb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024
    print(
        f"\ntraining (fit on the training split + hold-out scoring): {seconds / 60:.1f} min, "
        f"peak memory {peak_gb:.2f} GB "
        f"(targets <= {TARGETS['train_min']} min, <= {TARGETS['train_gb']} GB)"
    )
    print("the shipped model is fitted twice (split, then all data): about twice this time")


if __name__ == "__main__":
    main()
