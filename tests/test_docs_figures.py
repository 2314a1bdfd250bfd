"""The model figures quoted in README.md and docs/model.md are the bundled model card's.

The card (training/models/default.json) is written by ``headline-check train``: it is the one
place the figures come from. Docs quote them for readers; this test fails when a retrained
model leaves a quoted figure behind, and its message gives the value to write.
"""

import re
from pathlib import Path

import pytest

from training.checker import Checker
from training.model_store import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MODEL_MD = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bundled() -> Checker:
    """The bundled model itself (the docs describe it, whatever HEADLINE_CHECK_MODEL says)."""
    return Checker.load(DEFAULT_MODEL)


def same(doc: str, value: float, where: str) -> None:
    """``doc`` is ``value`` written with as many decimals as the doc uses."""
    decimals = len(doc.split(".")[1]) if "." in doc else 0
    written = f"{value:.{decimals}f}"
    assert doc == written, f"{where} says {doc}, the card says {value} (write {written})"


def found(pattern: str, text: str, what: str) -> re.Match:
    match = re.search(pattern, text, re.M)
    assert match, f"{what} is no longer stated as /{pattern}/: quote it from the card again"
    return match


def holdout(card: dict) -> dict:
    return card["holdout"]["metrics"]


def test_readme_model_table_is_the_cards_holdout(bundled):
    m = holdout(bundled.card)
    row = found(r"^\| FNC-1 hold-out split[^|]*\|(.*)$", README, "README's hold-out row")
    figures = re.findall(r"\d+\.\d+", row.group(1))
    expected = [
        m["fnc_score"],
        m["macro_f1"],
        m["relatedness_accuracy"],
        m["per_class"]["disagree"]["f1"],
        m["warnings"]["normal"]["mismatch_recall"],
        m["warnings"]["normal"]["false_alarm_rate"],
    ]
    assert len(figures) == len(expected), row.group(0)
    for doc, value in zip(figures, expected, strict=True):
        same(doc, value, "README's model table")


def test_training_cost_is_the_cards(bundled):
    card = bundled.card
    readme = found(r"`make train`.*?(\d+) s, peak (\d+) MB", README, "README's make train time")
    assert int(readme.group(1)) == round(card["training_seconds"]), "README: make train seconds"
    assert int(readme.group(2)) == card["peak_memory_mb"], "README: make train peak memory"
    doc = found(
        r"(\d+) s\b[^.]*?peak memory (\d+) MB; the model file is (\d+\.\d) MB",
        MODEL_MD,
        "docs/model.md's make train cost",
    )
    assert int(doc.group(1)) == round(card["training_seconds"]), "docs/model.md: seconds"
    assert int(doc.group(2)) == card["peak_memory_mb"], "docs/model.md: peak memory"
    same(doc.group(3), card["size_bytes"] / 1e6, "docs/model.md's model size (MB)")


def test_model_md_holdout_figures_are_the_cards(bundled):
    m = holdout(bundled.card)
    same(found(r"FNC score \| \*\*(\d\.\d+)\*\*", MODEL_MD, "FNC score")[1], m["fnc_score"], "FNC")
    same(found(r"macro-F1 \| \*\*(\d\.\d+)\*\*", MODEL_MD, "macro-F1")[1], m["macro_f1"], "F1")
    # Figures stated in a looser form are checked when present.
    accuracy = re.search(r"accuracy / relatedness accuracy \| (\d\.\d+) / (\d\.\d+)", MODEL_MD)
    if accuracy:
        same(accuracy[1], m["accuracy"], "docs/model.md accuracy")
        same(accuracy[2], m["relatedness_accuracy"], "docs/model.md relatedness accuracy")
    f1 = re.search(r"F1 agree / disagree / discuss / unrelated \| ([\d. /]+) \|", MODEL_MD)
    if f1:
        for doc, stance in zip(f1[1].split(" / "), m["labels"], strict=True):
            same(doc.strip(), m["per_class"][stance]["f1"], f"docs/model.md F1 {stance}")
    matrix = re.search(r"Confusion matrix[^`]*`(\[\[[\d, \[\]]+\]\])`", MODEL_MD)
    if matrix:
        assert matrix[1] == str(m["confusion_matrix"]), "docs/model.md confusion matrix"
    for row in re.finditer(
        r"^\| (low|normal|high) \| ([\d.]+) / ([\d.]+) \| \**([\d.]+)\** \| ([\d.]+) \| "
        r"\**([\d.]+)\** \|",
        MODEL_MD,
        re.M,
    ):
        level = row[1]
        thresholds, rates = bundled.card["thresholds"][level], m["warnings"][level]
        same(row[2], thresholds["unrelated"], f"{level} unrelated threshold")
        same(row[3], thresholds["disagree"], f"{level} disagree threshold")
        same(row[4], rates["mismatch_recall"], f"{level} mismatch recall")
        same(row[5], rates["contradiction_recall"], f"{level} contradiction recall")
        same(row[6], rates["false_alarm_rate"], f"{level} false-alarm rate")


def test_quoted_seed_page_probability_is_the_models(bundled, seed_page):
    result = bundled.check(seed_page["title"], seed_page["body"])
    p = result["probabilities"]["unrelated"]
    readme = found(r"seed page comes out `(\w+)` with probability (\d\.\d+)", README, "seed")
    assert readme[1] == result["stance"]
    same(readme[2], p, "README's seed page probability")
    doc = found(r"\*\*Seed page\*\*: `(\w+)`, P = (\d\.\d+), verdict `(\w+)`", MODEL_MD, "seed")
    assert (doc[1], doc[3]) == (result["stance"], result["verdict"])
    same(doc[2], p, "docs/model.md's seed page probability")
