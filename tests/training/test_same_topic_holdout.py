"""The second, independent set of hand-written same-topic stories
(seeds/same_topic_holdout.jsonl): 30 topics in ten news sections, written without seeing the
first set, the model or the story check's cut-offs, and 23 of its 60 headlines indirect or
punny, as real news headlines often are. docs/model.md quotes what the bundled model does on
it; these tests keep the file sound and the quote true.

Each row names its section, so the set also gives the easier page the issue measures on real
news: a headline over a story of *another topic in the same section* (a business headline
over another company's results)."""

import re
from collections import defaultdict

import pytest
from hand_written import ROOT, bundled_checker, check_swaps_pair_up, read_rows

from training.data import load_labelled

HOLDOUT = ROOT / "seeds" / "same_topic_holdout.jsonl"
ROWS = read_rows(HOLDOUT)


def test_every_swap_is_a_headline_over_the_other_story_of_its_topic():
    check_swaps_pair_up(ROWS, n_topics=30)
    assert len(load_labelled(HOLDOUT)) == len(ROWS) == 120


def test_each_topic_sits_in_one_of_ten_sections():
    sections = defaultdict(set)
    for row in ROWS:
        sections[row["section"]].add(row["id"].split("/")[0])
    assert len(sections) == 10
    assert sum(len(topics) for topics in sections.values()) == 30
    assert all(len(topics) >= 2 for topics in sections.values())


def same_section_swaps() -> list[tuple[str, str]]:
    """Every honest headline over each honest body of another topic in its section."""
    honest = [row for row in ROWS if row["kind"] == "honest"]
    return [
        (row["headline"], other["body"])
        for row in honest
        for other in honest
        if other["section"] == row["section"]
        and other["id"].split("/")[0] != row["id"].split("/")[0]
    ]


@pytest.fixture(scope="module")
def verdicts():
    """The bundled model's at normal sensitivity (docs/model.md quotes it)."""
    return bundled_checker().check_many([(row["headline"], row["body"]) for row in ROWS])


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


def test_model_md_quotes_what_the_bundled_model_does_on_same_section_swaps():
    swaps = same_section_swaps()
    results = bundled_checker().check_many(swaps)
    caught = sum(result["warning"] == "mismatch" for result in results)
    model_md = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    quoted = re.search(r"same-section swaps: (\d+) of (\d+) caught", model_md)
    assert quoted, "docs/model.md no longer quotes the same-section figure"
    assert (int(quoted.group(1)), int(quoted.group(2))) == (caught, len(swaps)), (
        f"the bundled model catches {caught} of {len(swaps)} same-section swaps"
    )
