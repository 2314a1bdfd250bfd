"""The wordplay development set (seeds/wordplay_dev.jsonl): 40 more invented subjects with two
stories each, every story under an honest tabloid- or feature-style headline (a pun, an idiom,
a quote) that uses at most one of its article's distinctive words. Written by team members who
saw neither the model nor the other sets, after seeds/indirect_headlines.jsonl had shown the
weak spot: the eleventh round chose its recipe and its story-check rule on this set, so the
indirect headlines stay the blind test. Each headline is paired three ways: over its own story
(honest), over the other story of its subject (a same-topic swap) and over a story of another
subject (an other-topic swap). docs/model.md quotes the bundled model's figures on it."""

import pytest
from hand_written import ROOT, bundled_checker, check_swaps_pair_up, quoted_in_model_md, read_rows

from training.data import load_labelled

DEV = ROOT / "seeds" / "wordplay_dev.jsonl"
ROWS = read_rows(DEV)
KINDS = ("honest", "same_topic_swap", "other_topic_swap")


def test_every_same_topic_swap_is_a_headline_over_the_other_story_of_its_subject():
    check_swaps_pair_up(ROWS, n_topics=40)


def test_every_other_topic_swap_is_a_headline_over_a_story_of_another_subject():
    stories = {row["id"]: row for row in ROWS if row["kind"] == "honest"}
    bodies = {row["body"]: row["id"].split("/")[0] for row in stories.values()}
    others = [row for row in ROWS if row["kind"] == "other_topic_swap"]
    assert len(others) == 80
    for row in others:
        topic, rest = row["id"].split("/")
        own = rest.split("-over-")[0]
        assert row["headline"] == stories[f"{topic}/{own}"]["headline"]
        assert bodies[row["body"]] != topic, row["id"]
        assert row["stance"] == "unrelated"


def test_file_is_valid_labelled_data_with_headlines_and_articles():
    assert len(load_labelled(DEV)) == len(ROWS) == 240
    for row in ROWS:
        assert 3 <= len(row["headline"].split()) <= 14, row["id"]
        assert len(row["body"].split()) >= 150, row["id"]


@pytest.fixture(scope="module")
def verdicts():
    return bundled_checker().check_many([(row["headline"], row["body"]) for row in ROWS])


def test_model_md_quotes_what_the_bundled_model_does_on_the_wordplay_dev_set(verdicts):
    warned = {
        kind: sum(
            result["warning"] is not None
            for row, result in zip(ROWS, verdicts, strict=True)
            if row["kind"] == kind
        )
        for kind in KINDS
    }
    quoted = quoted_in_model_md(
        r"wordplay development set:\s+(\d+)\s+of\s+80\s+honest\s+stories\s+warned,\s+(\d+)"
        r"\s+of\s+80\s+same-topic\s+swaps\s+and\s+(\d+)\s+of\s+80\s+other-topic\s+swaps\s+caught",
        "the wordplay development set's figures",
    )
    assert tuple(map(int, quoted)) == tuple(warned[k] for k in KINDS), f"bundled: {warned}"
