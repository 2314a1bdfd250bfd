"""``headline-check compare``: models side by side, from their cards, without loading them.

A model developer deciding whether to ship a new model needs the figures of several training
runs in one view: the old and the new model on the same hold-out, or one recipe on several
claim splits (``make claims`` with other ``--seed`` values), whose spread says how far one
split's figure can be trusted. The cards already hold every figure; unpickling the models is
not needed (and runs code), so only the JSON cards are read.
"""

import json
import statistics
from pathlib import Path

from .errors import CommandError
from .model_store import card_path, read_card

# (column heading, path into the card's hold-out metrics, decimals)
COLUMNS = (
    ("FNC", ("fnc_score",), 4),
    ("macro-F1", ("macro_f1",), 4),
    ("relatedness", ("relatedness_accuracy",), 4),
    ("disagree F1", ("per_class", "disagree", "f1"), 3),
    ("mismatch recall", ("warnings", "normal", "mismatch_recall"), 4),
    ("false alarms", ("warnings", "normal", "false_alarm_rate"), 4),
    ("same-topic caught", ("same_topic", "normal", "swapped_caught"), 3),
)


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="hold-out figures of several models side by side, from their cards",
    )
    parser.add_argument(
        "models",
        nargs="+",
        metavar="MODEL",
        help="a model's .joblib: its card beside it is read, the model is not loaded",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    parser.set_defaults(func=run, parser=parser)


def read_holdout_card(path: str) -> dict:
    """The card of the model at ``path`` (``model_store.read_card``'s checks), refused in one
    line when it holds no hold-out figures."""
    card = read_card(path)
    if not isinstance(card.get("holdout"), dict):
        raise CommandError(f"{card_path(Path(path))}: the model card has no hold-out figures")
    return card


def figure(card: dict, path: tuple[str, ...]) -> float | None:
    """One figure of the card's hold-out metrics, or None when this card has none."""
    value = card["holdout"].get("metrics", {})
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def rows(paths: list[str]) -> list[dict]:
    found = []
    for path in paths:
        card = read_holdout_card(path)
        found.append(
            {
                "model": path,
                "version": card.get("version"),
                "recipe": card.get("recipe"),
                "classifier": card.get("classifier"),
                "holdout": card["holdout"].get("split"),
                "seed": card.get("seed"),
                "n_pairs": card["holdout"].get("n_pairs"),
                "figures": {name: figure(card, key) for name, key, _ in COLUMNS},
            }
        )
    return found


def spread(found: list[dict]) -> dict:
    """Mean, minimum and maximum of each figure over the models that have it."""
    out = {}
    for name, _, _ in COLUMNS:
        values = [r["figures"][name] for r in found if r["figures"][name] is not None]
        if values:
            out[name] = {"mean": statistics.fmean(values), "min": min(values), "max": max(values)}
    return out


def table(found: list[dict]) -> str:
    def cell(value, decimals):
        return "-" if value is None else f"{value:.{decimals}f}"

    head = ["model", "hold-out", "seed", "pairs", *[name for name, _, _ in COLUMNS]]
    lines = [head]
    for r in found:
        figures = [cell(r["figures"][name], d) for name, _, d in COLUMNS]
        lines.append([r["model"], str(r["holdout"]), str(r["seed"]), str(r["n_pairs"]), *figures])
    if len(found) > 1:
        summary = spread(found)
        for which in ("mean", "min", "max"):
            figures = [
                cell(summary[name][which], d) if name in summary else "-" for name, _, d in COLUMNS
            ]
            lines.append([which, "", "", "", *figures])
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )


def run(args) -> int:
    found = rows(args.models)
    if args.json:
        print(json.dumps({"models": found, "spread": spread(found)}, sort_keys=True))
    else:
        print(table(found))
        print("\nHold-out figures from each card; normal sensitivity for the warning columns.")
    return 0
