"""The team's training news (seeds/news_train.jsonl), fitted on by `make train` with
`--fit-also`: invented claims, each with two headlines that assert it and one that denies it,
and six articles that report it as true, refute it or only relay it (two of each). FNC-1 has
840 `disagree` pairs from a few dozen claims, so a model learns those claims' debunking words;
these articles give it many more ways to refute a claim. Each row names the headline's and the
body's stance toward the claim, so the label can be checked rather than trusted, and nothing in
the file may be copied from FNC-1 or from the sets the model is evaluated on."""

from collections import Counter, defaultdict

from hand_written import (
    EVALUATION_SETS,
    ROOT,
    expected_stance,
    own_claim_rows,
    read_rows,
    shingles,
)

from training.data import load_labelled

NEWS = ROOT / "seeds" / "news_train.jsonl"
ROWS = read_rows(NEWS)


def test_every_claim_has_three_headlines_over_six_bodies_of_its_own():
    assert len(load_labelled(NEWS)) == len(ROWS) == 4608
    own = own_claim_rows(ROWS)
    assert len(own) == 128
    for claim, rows in own.items():
        headlines = {row["headline"]: row["headline_stance"] for row in rows}
        bodies = {row["body"]: row["body_stance"] for row in rows}
        assert sorted(headlines.values()) == ["against", "for", "for"], claim
        assert sorted(bodies.values()) == ["against"] * 2 + ["for"] * 2 + ["observing"] * 2, claim
        assert len(rows) == 18, "every headline over every body"


def test_each_label_follows_from_the_headline_and_the_body_stance_toward_the_claim():
    own = [row for row in ROWS if row["kind"] == "own_claim"]
    for row in own:
        assert row["body_claim"] == row["claim"]
        expected = expected_stance(row["headline_stance"], row["body_stance"])
        assert row["stance"] == expected, row["id"]
    assert Counter(row["stance"] for row in own) == {"agree": 768, "disagree": 768, "discuss": 768}


def test_an_unrelated_body_is_really_another_claims_article():
    bodies_of = defaultdict(set)
    for row in ROWS:
        if row["kind"] == "own_claim":
            bodies_of[row["claim"]].add(row["body"])
    others = [row for row in ROWS if row["kind"] == "other_claim"]
    assert len(others) == 128 * 3 * 6
    for row in others:
        assert row["stance"] == "unrelated"
        assert row["body_claim"] != row["claim"]
        assert row["body"] in bodies_of[row["body_claim"]], row["id"]


def test_no_text_is_shared_with_the_sets_the_model_is_evaluated_on():
    """Training on an evaluation set's text would flatter the figures docs/model.md quotes. Runs
    of 10 words: independent writers share shorter stock phrases ("while the board searches for
    a permanent replacement")."""
    ours = set().union(*(shingles(row["body"], 10) for row in ROWS))
    headlines = {row["headline"].lower() for row in ROWS}
    for name in EVALUATION_SETS:
        for row in read_rows(ROOT / "seeds" / name):
            assert row["headline"].lower() not in headlines, (name, row["headline"])
            assert not shingles(row["body"], 10) & ours, (name, row["id"])


def test_nothing_is_copied_from_fnc1(shared_dir):
    """FNC-1 has no stated licence and its held-out claims are the forecast: the team wrote
    these articles, so no 16-word run of them may appear in an FNC-1 body. (Shorter runs do:
    news boilerplate such as "on condition of anonymity because he was not authorised to talk
    to the" is 13 words.)"""
    from training.data import load_fnc

    fnc = shared_dir / "data" / "fnc-1"
    pairs = load_fnc(fnc / "train_stances.csv", fnc / "train_bodies.csv")
    theirs = set().union(*(shingles(body, 16) for body in {pair.body for pair in pairs}))
    fnc_headlines = {pair.headline.lower() for pair in pairs}
    for row in ROWS:
        assert row["headline"].lower() not in fnc_headlines, row["id"]
        copied = shingles(row["body"], 16) & theirs
        assert not copied, (row["id"], sorted(copied)[:3])
