"""Preparing text for the checker: truncation, lone surrogates, thresholds from configuration."""

import pytest

from service.scoring import Scorer, clean_text, with_thresholds


def test_clean_text_cuts_and_flags():
    assert clean_text("abcdef", 4) == ("abcd", True)
    assert clean_text("abcd", 4) == ("abcd", False)


def test_clean_text_replaces_lone_surrogates_only():
    assert clean_text("a\ud800b", 10) == ("a\ufffdb", False)
    assert clean_text("emoji 🚀 stays", 100) == ("emoji 🚀 stays", False)


def test_truncation_covers_title_too(checker):
    scorer = Scorer(checker, max_title_chars=5, max_body_chars=100, cache_size=0)
    item = scorer.prepare("a long title", "body", "normal")
    assert (item.title, item.truncated) == ("a lon", True)


def test_batch_scoring_equals_single_scoring(checker, article):
    scorer = Scorer(checker, max_title_chars=1000, max_body_chars=100_000, cache_size=0)
    items = [scorer.prepare(article["title"], article["body"], s) for s in ("low", "high")]
    many = scorer.check_many(items)
    one = scorer.check(items[1])
    assert many[1]["probabilities"] == one["probabilities"]
    assert [r["sensitivity"] for r in many] == ["low", "high"]


def test_thresholds_override_only_what_is_given(checker):
    tuned = with_thresholds(checker, {"high": {"disagree": 0.99}})
    assert tuned.thresholds["high"]["disagree"] == 0.99
    assert tuned.thresholds["high"]["unrelated"] == checker.thresholds["high"]["unrelated"]
    assert tuned.thresholds["low"] == checker.thresholds["low"]
    assert checker.thresholds["high"]["disagree"] != 0.99 or tuned is not checker


def test_strict_thresholds_silence_warnings(make_app, article):
    """At low sensitivity (no story check) the operator's thresholds alone decide; at normal
    a body that holds neither the meaning nor the words of a headline that names someone
    (Kingsport) is still a mismatch."""
    title = article["title"].replace("City council", "Kingsport city council")
    assert title != article["title"]
    off_topic = {"title": title, "body": "Share prices fell sharply on Tuesday. " * 10}
    low = {**off_topic, "sensitivity": "low"}
    default = make_app().test_client().post("/api/v1/check", json=low).get_json()
    assert default["warning"] == "mismatch" and default["confidence"] is not None
    strict = {s: {"unrelated": 1.0, "disagree": 1.0} for s in ("low", "normal")}
    client = make_app(THRESHOLDS=strict).test_client()
    result = client.post("/api/v1/check", json=low).get_json()
    assert result["warning"] is None
    assert result["badge"]["level"] in {"none", "ok"}
    normal = client.post("/api/v1/check", json=off_topic).get_json()
    assert normal["warning"] == "mismatch" and normal["confidence"] is None
    assert normal["badge"]["level"] != "none"


@pytest.mark.parametrize(
    "override",
    [
        {"extreme": {"unrelated": 0.5}},
        {"normal": {"agree": 0.5}},
        {"normal": {"unrelated": 2}},
        {"normal": 0.5},
        {"normal": {"unrelated": "high"}},
    ],
)
def test_bad_thresholds_are_refused(checker, override):
    with pytest.raises(ValueError, match="THRESHOLDS"):
        with_thresholds(checker, override)


def test_concurrent_checks_equal_sequential_ones(checker, article):
    from concurrent.futures import ThreadPoolExecutor

    scorer = Scorer(checker, max_title_chars=1000, max_body_chars=100_000, cache_size=0)
    items = [
        scorer.prepare(article["title"], f"{article['body']} Note {n}.", s)
        for n, s in enumerate(["low", "normal", "high", "normal", "low", "high"])
    ]
    alone = [scorer.check(item)["probabilities"] for item in items]
    with ThreadPoolExecutor(6) as pool:
        together = list(pool.map(lambda item: scorer.check(item)["probabilities"], items))
    # Batched and single rows may differ in the last float bit, never more.
    for one, other in zip(together, alone, strict=True):
        assert one == pytest.approx(other, abs=1e-3)
