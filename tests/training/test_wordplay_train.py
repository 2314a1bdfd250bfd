"""The team's wordplay headlines (seeds/wordplay_train.jsonl), fitted on by `make train` with
`--fit-also`: for each of the 128 invented claims of seeds/news_train.jsonl, three honest
headlines in the tabloid and feature style (a pun, a quote, a question) that use at most one of
the article's distinctive words. FNC-1's related headlines repeat their article's words, so the
trees learned that a headline sharing none is another topic, and warned honest wordplay pages
(docs/model-history.md, Eleventh round). Each headline asserts its claim, so over the two articles
of seeds/news_train.jsonl that report the claim as true it is `agree`; it is also paired with two
articles of other claims (`unrelated`), one from the claim's own theme. Pairing it with the
refuting and relaying articles as well (by the news set's rule) cost more `disagree` F1 on held-out
claims for no gain in what readers see."""

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

WORDPLAY = ROOT / "seeds" / "wordplay_train.jsonl"
ROWS = read_rows(WORDPLAY)
NEWS_ROWS = read_rows(ROOT / "seeds" / "news_train.jsonl")
NEWS_BODIES = {row["body"]: (row["body_claim"], row["body_stance"]) for row in NEWS_ROWS}


def test_every_claim_has_three_headlines_over_its_two_reporting_articles():
    assert len(load_labelled(WORDPLAY)) == len(ROWS)
    own = own_claim_rows(ROWS)
    assert len(own) == 128
    for claim, rows in own.items():
        assert len({row["headline"] for row in rows}) == 3, claim
        assert len({row["body"] for row in rows}) == 2, claim
        assert {row["body_stance"] for row in rows} == {"for"}, claim
        assert len(rows) == 6, "every headline over both articles"


def test_every_article_and_its_stance_are_the_training_news_own():
    for row in ROWS:
        assert NEWS_BODIES[row["body"]] == (row["body_claim"], row["body_stance"]), row["id"]
        assert row["headline_stance"] == "for"


def test_each_label_follows_from_the_headline_and_the_body_stance_toward_the_claim():
    for row in ROWS:
        if row["kind"] == "own_claim":
            assert row["body_claim"] == row["claim"]
            assert row["stance"] == expected_stance("for", row["body_stance"]), row["id"]
        else:
            assert row["body_claim"] != row["claim"] and row["stance"] == "unrelated", row["id"]
    assert Counter(row["stance"] for row in ROWS) == {"agree": 768, "unrelated": 768}


def test_headlines_are_new_words_not_the_articles_own():
    """The point of the set: a headline says the story in other words. A quote-style headline
    quotes its article as real ones do ("'Don't eat it': Iowa spread maker calls in tubs"), and
    stock phrases and idioms recur ("more than a year", "the one that didn't get away"), so 10
    of the 384 share a 4-word run with their articles and one a 7-word idiom; none may share an
    8-word run, or repeat a headline of the training news."""
    news_headlines = {row["headline"].lower() for row in NEWS_ROWS}
    articles = defaultdict(set)
    for row in ROWS:
        if row["kind"] == "own_claim":
            articles[row["claim"]] |= shingles(row["body"], 8)
    for row in ROWS:
        assert row["headline"].lower() not in news_headlines, row["id"]
        lifted = shingles(row["headline"], 8) & articles[row["claim"]]
        assert not lifted, (row["id"], sorted(lifted))


def test_no_headline_is_shared_with_the_sets_the_model_is_evaluated_on():
    ours = {row["headline"].lower() for row in ROWS}
    for name in EVALUATION_SETS:
        for row in read_rows(ROOT / "seeds" / name):
            assert row["headline"].lower() not in ours, (name, row["headline"])


def headline_word_share(rows: list[dict]) -> float:
    """Mean share of an asserting headline's content words found in its claim's articles that
    report the claim as true."""
    from training.text import content_stems

    articles = defaultdict(set)
    for row in rows:
        if row["kind"] == "own_claim" and row["body_stance"] == "for":
            articles[row["claim"]] |= set(content_stems(row["body"]))
    headlines = {
        (row["claim"], row["headline"])
        for row in rows
        if row["kind"] == "own_claim" and row["headline_stance"] == "for"
    }
    shares = [
        sum(s in articles[claim] for s in content_stems(h)) / max(1, len(content_stems(h)))
        for claim, h in headlines
    ]
    return sum(shares) / len(shares)


def test_the_headlines_share_far_fewer_words_with_their_articles_than_plain_ones():
    """Measured when the set was written: 0.48 against the training news's plain headlines'
    0.83 over the same articles."""
    assert headline_word_share(ROWS) <= 0.55
    assert headline_word_share(NEWS_ROWS) >= 0.75


def test_one_unrelated_article_of_each_headline_comes_from_its_own_theme():
    """Claims are named by theme (biz-1, sport-3): an article of the same theme is the nearer
    miss, which teaches more than a random one."""
    others = defaultdict(list)
    for row in ROWS:
        if row["kind"] == "other_claim":
            others[row["headline"]].append(row)
    assert len(others) == 384
    theme = lambda claim: claim.rsplit("-", 1)[0]  # noqa: E731
    for rows in others.values():
        assert len(rows) == 2
        assert sorted(theme(r["body_claim"]) == theme(r["claim"]) for r in rows) == [False, True]
