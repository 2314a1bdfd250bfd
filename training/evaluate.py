"""``headline-check evaluate``: score a model on any labelled FNC-format (or JSONL/CSV) data.

Prints one JSON object on stdout; other tools parse it, so progress goes to stderr.
"""

import csv
import json
import time
from pathlib import Path

from . import judge, metrics, verdict
from .checker import Checker
from .data import STANCES, load_split_ids, split_by_body
from .errors import CommandError
from .progress import Progress
from .report import write_report
from .sources import add_data_arguments, load_pairs

CHUNK = 2000


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("evaluate", help="score a model on labelled pairs (JSON out)")
    parser.add_argument("--model", help="model .joblib (default: the bundled model)")
    add_data_arguments(parser, required_label="labelled")
    parser.add_argument("--body-ids", help="score only the pairs whose Body ID is in this file")
    parser.add_argument("--predictions", metavar="OUT.csv", help="write Headline,Body ID,Stance")
    parser.add_argument("--report", metavar="DIR", help="write report.json, PNG and summary.md")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(func=run, parser=parser)


def prepare_output(path: str) -> None:
    """Make the predictions file's folder before scoring, so a bad path fails in seconds."""
    target = Path(path)
    if target.is_dir():
        raise CommandError(
            f"--predictions {path} is a folder; give a file name such as {path}/p.csv"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(
            f"--predictions {path}: cannot create folder {target.parent}: {error.strerror}"
        ) from None


def run(args) -> int:
    started = time.perf_counter()
    progress = Progress("evaluate", quiet=args.quiet)
    if args.predictions:
        prepare_output(args.predictions)
    checker = Checker.load(args.model)
    pairs, files = load_pairs(args, args.parser)
    if args.body_ids:
        pairs, _ = split_by_body(pairs, load_split_ids(args.body_ids))
    unlabelled = sum(p.stance is None for p in pairs)
    if unlabelled or not pairs:
        args.parser.error(
            f"{unlabelled or 'no'} labelled pair(s) to score: evaluation needs stances"
        )
    progress.say(f"scoring {len(pairs):,} pairs with {checker.name} {checker.version}")
    predicted, warnings = [], {s: [] for s in verdict.SENSITIVITIES}
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        proba, denial, story = checker.assess([(p.headline, p.body) for p in chunk])
        predicted += [STANCES[i] for i in proba.argmax(axis=1)]
        chunk_warnings = verdict.warnings_by_sensitivity(
            proba, STANCES, checker.thresholds, denial, story
        )
        for sensitivity in verdict.SENSITIVITIES:
            warnings[sensitivity] += chunk_warnings[sensitivity]
        progress.say(f"{min(start + CHUNK, len(pairs)):,} / {len(pairs):,}")
    gold = [p.stance for p in pairs]
    report = metrics.stance_report(gold, predicted)
    report["warnings"] = {s: metrics.warning_rates(gold, w) for s, w in warnings.items()}
    report["unjudgeable_pairs"] = sum(
        judge.unjudgeable_reason(p.headline, p.body) is not None for p in pairs
    )
    report["model"] = {"name": checker.name, "version": checker.version}
    report["data"] = files
    report["seconds"] = round(time.perf_counter() - started, 2)
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Headline", "Body ID", "Stance"])
            writer.writerows(
                [p.headline, p.body_id, s] for p, s in zip(pairs, predicted, strict=True)
            )
    if args.report:
        written = write_report(report, args.report)
        progress.say("wrote " + ", ".join(str(p) for p in written))
    print(json.dumps(report, sort_keys=True))
    return 0
