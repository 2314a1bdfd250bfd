"""The second, independent set of hand-written same-topic stories
(seeds/same_topic_holdout.jsonl): 30 topics in ten news sections, written without seeing the
first set, the model or the story check's cut-offs, and 23 of its 60 headlines indirect or
punny, as real news headlines often are. docs/model.md quotes what the bundled model does on
it; these tests keep the file sound and the quote true."""

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from training.data import load_labelled

ROOT = Path(__file__).resolve().parents[2]
HOLDOUT = ROOT / "seeds" / "same_topic_holdout.jsonl"
ROWS = [json.loads(line) for line in HOLDOUT.open(encoding="utf-8")]


def test_every_swap_is_a_headline_over_the_other_story_of_its_topic():
    stories = defaultdict(dict)
    for row in ROWS:
        if row["kind"] == "honest":
            topic, story = row["id"].split("/")
            stories[topic][story] = (row["headline"], row["body"])
    assert len(stories) == 30 and all(len(s) == 2 for s in stories.values())
    swaps = [row for row in ROWS if row["kind"] == "same_topic_swap"]
    assert len(swaps) == 60
    for row in swaps:
        topic, rest = row["id"].split("/")
        own, other = rest.split("-over-")
        assert row["headline"] == stories[topic][own][0]
        assert row["body"] == stories[topic][other][1]
    assert len(load_labelled(HOLDOUT)) == len(ROWS) == 120


@pytest.fixture(scope="module")
def verdicts():
    """The bundled model's at normal sensitivity (docs/model.md quotes it)."""
    from training.checker import Checker
    from training.model_store import DEFAULT_MODEL

    bundled = Checker.load(DEFAULT_MODEL)
    return bundled.check_many([(row["headline"], row["body"]) for row in ROWS])


def test_model_md_quotes_what_the_bundled_model_does_on_the_independent_set(verdicts):
    caught = sum(
        result["warning"] == "mismatch"
        for row, result in zip(ROWS, verdicts, strict=True)
        if row["kind"] == "same_topic_swap"
    )
    warned = sum(
        result["warning"] is not None
        for row, result in zip(ROWS, verdicts, strict=True)
        if row["kind"] == "honest"
    )
    model_md = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    quoted = re.search(
        r"independent same-topic swaps: (\d+) of 60 caught, (\d+) of 60 honest stories warned",
        model_md,
    )
    assert quoted, "docs/model.md no longer quotes the independent same-topic figure"
    assert (int(quoted.group(1)), int(quoted.group(2))) == (caught, warned)
