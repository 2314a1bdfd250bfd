"""Honest headlines in the tabloid and feature style (seeds/indirect_headlines.jsonl): a pun, a
quote or other words than the article's, with at most one of its distinctive words. 40 invented
subjects, two stories each, written blind by team members who saw neither the model nor the
other sets; each headline over its own story is honest, over the other story of its subject a
swap. FNC-1 taught the model that a body sharing no words with its headline is another topic,
so this set measures what that costs a reader of such pages. docs/model.md quotes the bundled
model's figures and the last test keeps the quote true."""

import pytest
from hand_written import ROOT, bundled_checker, check_swaps_pair_up, quoted_in_model_md, read_rows

from training.data import load_labelled

INDIRECT = ROOT / "seeds" / "indirect_headlines.jsonl"
ROWS = read_rows(INDIRECT)


def test_every_swap_is_a_headline_over_the_other_story_of_its_subject():
    check_swaps_pair_up(ROWS, n_topics=40)


def test_file_is_valid_labelled_data():
    assert len(load_labelled(INDIRECT)) == len(ROWS) == 160


def test_headlines_are_short_and_the_stories_are_articles():
    for row in ROWS:
        assert 3 <= len(row["headline"].split()) <= 12, row["id"]
        assert len(row["body"].split()) >= 100, row["id"]


@pytest.fixture(scope="module")
def verdicts():
    return bundled_checker().check_many([(row["headline"], row["body"]) for row in ROWS])


def test_model_md_quotes_what_the_bundled_model_does_on_indirect_headlines(verdicts):
    honest_warned = sum(
        result["warning"] is not None
        for row, result in zip(ROWS, verdicts, strict=True)
        if row["kind"] == "honest"
    )
    caught = sum(
        result["warning"] == "mismatch"
        for row, result in zip(ROWS, verdicts, strict=True)
        if row["kind"] == "same_topic_swap"
    )
    quoted = quoted_in_model_md(
        r"indirect headlines:\s+(\d+)\s+of\s+80\s+honest\s+stories\s+warned,\s+(\d+)\s+of\s+80"
        r"\s+swaps\s+caught",
        "the indirect-headline figures",
    )
    measured = (honest_warned, caught)
    assert tuple(map(int, quoted)) == measured, f"the bundled model: {measured}"
