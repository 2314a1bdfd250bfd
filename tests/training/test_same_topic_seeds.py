"""The team's hand-written same-topic stories (seeds/same_topic.jsonl) and the bundled model.

Twelve topics, two stories each, written by the team with invented people and places: the
same council, club, bank or actor, another event. Each story's headline over its own body is
honest; over the other story's body it is the misleading page issue 8 is about. FNC-1 has
few such pairs, so this file is the project's own check of that case; docs/model.md quotes
what the bundled model does on it, and a test below keeps that quote true.
"""

import re

import pytest
from hand_written import ROOT, bundled_checker, check_swaps_pair_up, read_rows

from training.data import load_labelled

SAME_TOPIC = ROOT / "seeds" / "same_topic.jsonl"
ROWS = read_rows(SAME_TOPIC)


def test_every_swap_is_a_headline_over_the_other_story_of_its_topic():
    check_swaps_pair_up(ROWS, n_topics=12)


def test_file_is_valid_labelled_data():
    assert len(load_labelled(SAME_TOPIC)) == len(ROWS) == 48


@pytest.fixture(scope="module")
def verdicts():
    return bundled_checker().check_many([(row["headline"], row["body"]) for row in ROWS])


def test_no_honest_story_is_warned(verdicts):
    warned = [
        row["id"]
        for row, result in zip(ROWS, verdicts, strict=True)
        if row["kind"] == "honest" and result["warning"] is not None
    ]
    assert warned == []


def test_caught_swaps_are_explained_as_another_story_on_the_same_topic(verdicts):
    """Every swap names its headline's council, club or actor: the reader is told the article
    is about another story on that topic, not that it is off-topic."""
    kinds = {
        row["id"]: result["mismatch_kind"]
        for row, result in zip(ROWS, verdicts, strict=True)
        if row["kind"] == "same_topic_swap" and result["warning"] == "mismatch"
    }
    assert kinds, "no swap is caught"
    assert set(kinds.values()) == {"different_story"}, kinds


def test_model_md_quotes_what_the_bundled_model_catches(verdicts):
    caught = sum(
        result["warning"] == "mismatch"
        for row, result in zip(ROWS, verdicts, strict=True)
        if row["kind"] == "same_topic_swap"
    )
    model_md = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    quoted = re.search(r"hand-written same-topic swaps: (\d+) of 24 caught", model_md)
    assert quoted, "docs/model.md no longer quotes the same-topic seed figure"
    assert int(quoted.group(1)) == caught, f"docs/model.md says {quoted.group(1)}, now {caught}"


def test_swaps_found_by_the_story_check_alone_have_no_confidence_and_wait_for_normal():
    """The story check warns at normal and high sensitivity only, and its warning does not
    pretend to a probability the model did not give."""
    from training.checker import Checker
    from training.model_store import DEFAULT_MODEL

    bundled = Checker.load(DEFAULT_MODEL)
    swaps = [(row["headline"], row["body"]) for row in ROWS if row["kind"] == "same_topic_swap"]
    normal, low = bundled.check_many(swaps, "normal"), bundled.check_many(swaps, "low")
    limit = bundled.thresholds["normal"]["unrelated"]
    by_check = [
        i
        for i, result in enumerate(normal)
        if result["warning"] == "mismatch" and result["probabilities"]["unrelated"] < limit
    ]
    assert by_check, "no swap is caught by the story check alone"
    for i in by_check:
        assert normal[i]["confidence"] is None and normal[i]["verdict"] == "mismatch"
        assert low[i]["warning"] is None
