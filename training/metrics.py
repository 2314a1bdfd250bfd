"""Scores for stance predictions: the official FNC-1 score and what a reader would experience."""

from __future__ import annotations

from collections.abc import Sequence

from training.data import STANCES

WARNINGS = ("mismatch", "contradicted")
_RELATED = frozenset(STANCES) - {"unrelated"}
_HONEST = frozenset({"agree", "discuss"})


def _check(gold: Sequence[str], other: Sequence[object], what: str) -> None:
    """Fail loudly: a typo in a label would otherwise just count as a wrong prediction."""
    if len(gold) != len(other):
        raise ValueError(f"{len(gold)} gold labels but {len(other)} {what}")
    labelled = [("gold", gold)] if what == "warnings" else [("gold", gold), (what, other)]
    for name, labels in labelled:
        unknown = sorted({repr(label) for label in labels if label not in STANCES})
        if unknown:
            raise ValueError(f"unknown {name} stance(s) {unknown}; expected {', '.join(STANCES)}")


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float, float]:
    """Official FNC-1 weighting: (raw, best possible, raw / best possible)."""
    _check(gold, pred, "predictions")
    raw = 0.0
    best = 0.0
    for g, p in zip(gold, pred, strict=True):
        related = g in _RELATED
        best += 1.0 if related else 0.25
        if related == (p in _RELATED):
            raw += 0.25
            if related and g == p:
                raw += 0.75
    return raw, best, _share(raw, best)


def confusion_matrix(gold: Sequence[str], pred: Sequence[str]) -> list[list[int]]:
    """Counts with rows gold and columns predicted, both in STANCES order."""
    _check(gold, pred, "predictions")
    index = {stance: i for i, stance in enumerate(STANCES)}
    matrix = [[0] * len(STANCES) for _ in STANCES]
    for g, p in zip(gold, pred, strict=True):
        matrix[index[g]][index[p]] += 1
    return matrix


def stance_report(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """Every figure `headline-check evaluate` prints; empty classes score 0.0, never divide by 0."""
    matrix = confusion_matrix(gold, pred)
    raw, best, relative = fnc_score(gold, pred)
    per_class: dict[str, dict[str, float | int]] = {}
    for i, stance in enumerate(STANCES):
        hits = matrix[i][i]
        support = sum(matrix[i])
        predicted = sum(row[i] for row in matrix)
        precision = _share(hits, predicted)
        recall = _share(hits, support)
        f1 = _share(2 * precision * recall, precision + recall) if precision + recall else 0.0
        per_class[stance] = {"precision": precision, "recall": recall, "f1": f1, "support": support}
    n = len(gold)
    correct = sum(matrix[i][i] for i in range(len(STANCES)))
    related = [i for i, stance in enumerate(STANCES) if stance in _RELATED]
    unrelated = STANCES.index("unrelated")
    related_ok = matrix[unrelated][unrelated] + sum(matrix[i][j] for i in related for j in related)
    return {
        "fnc_score": relative,
        "fnc_raw": raw,
        "fnc_max": best,
        # Macro over all four classes, as scikit-learn's f1_score(average="macro", zero_division=0).
        "macro_f1": sum(c["f1"] for c in per_class.values()) / len(STANCES),
        "accuracy": _share(correct, n),
        "relatedness_accuracy": _share(related_ok, n),
        "per_class": per_class,
        "labels": list(STANCES),
        "confusion_matrix": matrix,
        "n_pairs": n,
    }


def warning_rates(gold: Sequence[str], warnings: Sequence[str | None]) -> dict:
    """What readers see: caught mismatches and contradictions, and warnings on honest pages."""
    _check(gold, warnings, "warnings")
    odd = sorted({repr(w) for w in warnings if w is not None and w not in WARNINGS})
    if odd:
        raise ValueError(f"unknown warning(s) {odd}; expected None, 'mismatch' or 'contradicted'")
    n_unrelated = n_mismatch = n_disagree = n_contradicted = n_honest = n_false = 0
    for g, w in zip(gold, warnings, strict=True):
        if g == "unrelated":
            n_unrelated += 1
            n_mismatch += w == "mismatch"
        elif g == "disagree":
            n_disagree += 1
            n_contradicted += w == "contradicted"
        elif g in _HONEST:
            n_honest += 1
            n_false += w is not None
    return {
        "mismatch_recall": _share(n_mismatch, n_unrelated),
        "contradiction_recall": _share(n_contradicted, n_disagree),
        "false_alarm_rate": _share(n_false, n_honest),
        "n_unrelated": n_unrelated,
        "n_unrelated_mismatch": n_mismatch,
        "n_disagree": n_disagree,
        "n_disagree_contradicted": n_contradicted,
        "n_honest": n_honest,
        "n_false_alarms": n_false,
    }
