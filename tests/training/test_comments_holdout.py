"""The team's blind stand-in for the issue's cross-domain set (seeds/comments_holdout.jsonl):
reader comments under opinion debates, not news. 40 invented debates, each claim over its
own 5 comments (2 agree, 2 disagree, 1 discuss) and over 10 comments of other debates
(unrelated). It was written by a team member who saw neither the model nor the training
comments, and nothing is tuned on it. docs/model.md quotes what the bundled model scores on it
(FNC-1's metrics, the stance of highest probability, as `headline-check evaluate` reports);
these tests keep the file sound and the quote true."""

from collections import Counter, defaultdict

import pytest
from hand_written import ROOT, bundled_checker, quoted_in_model_md, read_rows

from training import metrics
from training.data import load_labelled
from training.verdict import STANCES

HOLDOUT = ROOT / "seeds" / "comments_holdout.jsonl"
ROWS = read_rows(HOLDOUT)


def test_each_debate_has_its_own_comments_and_ten_of_other_debates():
    assert len(load_labelled(HOLDOUT)) == len(ROWS) == 600
    by_topic = defaultdict(list)
    claims = defaultdict(set)
    for row in ROWS:
        by_topic[row["topic"]].append(row)
        claims[row["topic"]].add(row["headline"])
    assert len(by_topic) == 40
    assert all(len(c) == 1 for c in claims.values()), "one claim a debate"
    own_comments = {row["body"]: row["topic"] for row in ROWS if row["kind"] == "comment"}
    for topic, rows in by_topic.items():
        own = Counter(row["stance"] for row in rows if row["kind"] == "comment")
        assert own == {"agree": 2, "disagree": 2, "discuss": 1}, topic
        others = [row for row in rows if row["kind"] == "other_topic_comment"]
        assert len(others) == 10
        for row in others:
            assert row["stance"] == "unrelated"
            assert own_comments[row["body"]] != topic, "an unrelated comment is another debate's"


@pytest.fixture(scope="module")
def report():
    proba, _, _ = bundled_checker().assess([(row["headline"], row["body"]) for row in ROWS])
    predicted = [STANCES[i] for i in proba.argmax(axis=1)]
    return metrics.stance_report([row["stance"] for row in ROWS], predicted)


def test_model_md_quotes_what_the_bundled_model_scores_on_the_comments(report):
    quoted = quoted_in_model_md(
        r"reader comments \(stand-in\):\s+macro-F1\s+(0\.\d{3}),\s+relatedness\s+(0\.\d{3}),"
        r"\s+disagree\s+F1\s+(0\.\d{3})",
        "the comment stand-in's figures",
    )
    measured = (
        f"{report['macro_f1']:.3f}",
        f"{report['relatedness_accuracy']:.3f}",
        f"{report['per_class']['disagree']['f1']:.3f}",
    )
    assert quoted == measured, f"the bundled model scores {measured}"
