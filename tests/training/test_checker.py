"""The bundled model's verdicts on pages whose answer the team knows."""

import json
from pathlib import Path

import pytest

from training.data import STANCES, load_labelled

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
EXAMPLES = {json.loads(line)["id"]: json.loads(line) for line in (SEEDS / "examples.jsonl").open()}


def test_seed_page_is_unrelated_with_high_probability(checker, seed_page):
    """The project's own seeds/seed-page.json: no ../shared needed."""
    page = seed_page
    result = checker.check(page["title"], page["body"])
    assert result["stance"] == page["expected_stance"] == "unrelated"
    assert result["probabilities"]["unrelated"] >= 0.9
    assert result["verdict"] == page["expected_verdict"] == "mismatch"
    assert result["warning"] == "mismatch"
    assert result["matches"] is False
    # The evidence shows what the body is about instead: its sentences closest in meaning to
    # the headline, best first, none of them near it, and the scandal it really tells.
    shown = result["evidence"]
    assert 1 <= len(shown) <= 3
    assert {e["measure"] for e in shown} == {"meaning"}
    assert [e["score"] for e in shown] == sorted((e["score"] for e in shown), reverse=True)
    assert all(e["score"] < 0.35 for e in shown)
    assert any("Grok" in e["sentence"] for e in shown)


@pytest.mark.parametrize("example", ["harbour-bridge-agree", "vaccine-agree", "lottery-discuss"])
def test_page_reporting_its_headline_is_consistent(checker, example):
    page = EXAMPLES[example]
    result = checker.check(page["headline"], page["body"])
    assert result["stance"] in ("agree", "discuss")
    assert result["verdict"] == "consistent" and result["warning"] is None
    assert result["evidence"][0]["score"] > 0.2
    assert result["evidence"][0]["measure"] == "words"


def test_mismatched_team_example_is_flagged(checker):
    page = EXAMPLES["harbour-bridge-unrelated"]
    assert checker.check(page["headline"], page["body"])["verdict"] == "mismatch"


@pytest.mark.parametrize("example", ["lottery-disagree", "vaccine-disagree"])
def test_contradicting_example_is_judged_related(checker, example):
    page = EXAMPLES[example]
    result = checker.check(page["headline"], page["body"])
    assert result["stance"] != "unrelated" and result["warning"] != "mismatch"


def test_explicit_hoax_denial_is_a_contradiction_at_high_sensitivity(checker):
    page = EXAMPLES["lottery-disagree"]
    result = checker.check(page["headline"], page["body"], "high")
    assert result["stance"] == "disagree"
    assert result["verdict"] == "contradicted" and result["warning"] == "contradicted"


def test_a_contradiction_leads_its_evidence_with_the_denial(checker):
    """Every contradiction warning, at every sensitivity, shows a denying sentence first."""
    from training.checker import DENIAL_WORDS
    from training.text import stem, words

    contradicted = 0
    for page in EXAMPLES.values():
        for sensitivity in ("low", "normal", "high"):
            result = checker.check(page["headline"], page["body"], sensitivity)
            if result["warning"] != "contradicted":
                continue
            contradicted += 1
            first = {stem(w) for w in words(result["evidence"][0]["sentence"])}
            assert first & DENIAL_WORDS, result["evidence"]
    assert contradicted  # lottery-disagree at high sensitivity, at least


def test_denial_near_the_headline_is_read_from_the_best_matching_sentences(checker):
    from training.checker import denies_near_headline, evidence

    headline = "City council approves new harbour bridge toll"
    body = (
        "The harbour bridge opened in 1932. Tourists like its views. "
        "Reports that the council approved a new harbour bridge toll are false, its leader said. "
        "Ferries run every hour."
    )
    denied, plain, negated = checker._parse.transform(
        [
            (headline, body),
            (headline, body.replace("are false", "are right")),
            # a bare negation is not a denial: it is in half of all honest articles
            (headline, body.replace("are false", "did not surprise anyone")),
        ]
    )
    assert denies_near_headline(denied)
    assert not denies_near_headline(plain) and not denies_near_headline(negated)
    assert "are false" in evidence(denied, denial_first=True)[0]["sentence"]


def test_a_denial_that_is_not_the_best_match_is_moved_first(checker):
    from training.checker import evidence

    headline = "City council approves new harbour bridge toll"
    body = (
        "The city council approved a new harbour bridge toll on Monday, its leader said. "
        "The toll for the harbour bridge starts in May. "
        "Critics called claims that the toll was needed for repairs false. "
        "Ferries run every hour. Tourists like its views."
    )
    parsed = checker._parse.transform([(headline, body)])[0]
    by_score = [e["sentence"] for e in evidence(parsed)]
    denial_first = [e["sentence"] for e in evidence(parsed, denial_first=True)]
    assert "false" not in by_score[0] and "false" in denial_first[0]
    assert sorted(by_score) == sorted(denial_first)  # the same sentences, reordered


def test_probabilities_sum_to_one_in_stance_order(checker):
    page = EXAMPLES["vaccine-agree"]
    p = checker.check(page["headline"], page["body"])["probabilities"]
    assert list(p) == list(STANCES)
    assert sum(p.values()) == pytest.approx(1, abs=1e-3)


def test_unjudgeable_pages_get_a_reason_not_a_guess(checker):
    result = checker.check("Storm in pictures", "Gallery: 24 photos.")
    assert (result["stance"], result["verdict"], result["reason"]) == (None, "unknown", "too_short")


def test_batch_keeps_order_and_mixes_judged_and_unjudged(checker):
    a, u = EXAMPLES["vaccine-agree"], EXAMPLES["harbour-bridge-unrelated"]
    results = checker.check_many(
        [(u["headline"], u["body"]), ("", ""), (a["headline"], a["body"])], "normal"
    )
    assert [r["verdict"] for r in results] == ["mismatch", "unknown", "consistent"]


def test_sensitivity_moves_thresholds_not_probabilities(checker):
    page = EXAMPLES["harbour-bridge-unrelated"]
    low, high = (checker.check(page["headline"], page["body"], s) for s in ("low", "high"))
    assert low["probabilities"] == high["probabilities"]
    assert checker.thresholds["low"]["unrelated"] >= checker.thresholds["high"]["unrelated"]


def test_the_story_check_uses_the_readers_sensitivity(checker, monkeypatch):
    """An honest page is warned only where its sensitivity's cut-offs place its story below
    them: here high's are set to flag every page and normal's to flag none."""
    from training import verdict

    monkeypatch.setattr(verdict, "STORY_CUTOFFS", {"normal": (0.0, 0.0), "high": (1.01, 1.01)})
    page = EXAMPLES["harbour-bridge-agree"]
    normal, high = (checker.check(page["headline"], page["body"], s) for s in ("normal", "high"))
    assert normal["verdict"] == "consistent"
    assert (high["verdict"], high["confidence"]) == ("mismatch", None)
    assert high["probabilities"] == normal["probabilities"]


def test_the_story_check_passes_a_headline_that_names_nobody(checker, monkeypatch):
    """With high's cut-offs flagging every page, the headline that names Kingsport is flagged
    by the check alone (a mismatch without confidence) and a pun over the same article is not:
    a headline that names nobody shares few words with its own honest article too."""
    from training import verdict

    monkeypatch.setattr(verdict, "STORY_CUTOFFS", {"high": (1.01, 1.01)})
    page = EXAMPLES["harbour-bridge-agree"]
    named = checker.check(page["headline"], page["body"], "high")
    assert (named["verdict"], named["confidence"]) == ("mismatch", None)
    pun_headline = "Cut off: two weeks without a crossing after the gale"
    pun = checker.check(pun_headline, page["body"], "high")
    assert not (pun["warning"] == "mismatch" and pun["confidence"] is None), pun


def test_the_story_check_passes_a_pun_whose_capitalised_word_the_body_writes_in_lower_case(
    checker, monkeypatch
):
    """A headline capitalises its first word: "Bolts" is rare, but the article writes "bolts"
    in lower case, so the pun names nobody and the check (flagging every page here) leaves it
    to the trees."""
    from training import verdict

    monkeypatch.setattr(verdict, "STORY_CUTOFFS", {"high": (1.01, 1.01)})
    page = EXAMPLES["harbour-bridge-agree"]
    assert "anchor bolts" in page["body"]
    pun = checker.check("Bolts from the blue: the gale that shut a crossing", page["body"], "high")
    assert not (pun["warning"] == "mismatch" and pun["confidence"] is None), pun


def test_the_story_check_passes_a_pun_that_opens_with_a_common_word(checker, monkeypatch):
    """The article never says "windfall", and the headline capitalises it only because it comes
    first: the dictionary knows it as a common word, so the pun names nobody. The same
    headline opening with a name is checked (the check flags every page here)."""
    from training import verdict

    monkeypatch.setattr(verdict, "STORY_CUTOFFS", {"high": (1.01, 1.01)})
    body = EXAMPLES["harbour-bridge-agree"]["body"]
    assert "windfall" not in body.lower()
    pun = checker.check("Windfall eases the crossing's costly fortnight", body, "high")
    assert not (pun["warning"] == "mismatch" and pun["confidence"] is None), pun
    named = checker.check("Kovac eases the crossing's costly fortnight", body, "high")
    assert (named["warning"], named["confidence"]) == ("mismatch", None), named


def test_unknown_sensitivity_raises(checker):
    with pytest.raises(ValueError, match="sensitivity"):
        checker.check("a b c", "d", "extreme")


def test_examples_file_is_valid_training_data():
    pairs = load_labelled(SEEDS / "examples.jsonl")
    assert {p.stance for p in pairs} == set(STANCES)


def test_a_mismatchs_evidence_is_ranked_by_the_encoders_cosine(checker):
    """The scores shown are the encoder's cosines of exactly those sentences with the headline,
    and no candidate sentence left out is closer in meaning than one shown."""
    from training.encoder import load_encoder
    from training.features.semantic import candidate_sentences

    rows = [json.loads(line) for line in (SEEDS / "same_topic.jsonl").open()]
    swap = next(r for r in rows if r["kind"] != "honest")
    result = checker.check(swap["headline"], swap["body"], "high")
    assert result["warning"] == "mismatch"
    parsed = checker._parse.transform([(swap["headline"], swap["body"])])[0]
    candidates = [parsed.sentence_texts[i] for i in candidate_sentences(parsed, 2, 3)]
    vectors = load_encoder().embed([swap["headline"], *candidates])
    cosines = dict(zip(candidates, (vectors[1:] @ vectors[0]).tolist(), strict=True))
    shown = {e["sentence"]: e["score"] for e in result["evidence"]}
    assert len(shown) == min(3, len(candidates))
    for sentence, score in shown.items():
        assert score == pytest.approx(cosines[sentence], abs=2e-3)
    left_out = [c for s, c in cosines.items() if s not in shown]
    assert all(c <= min(shown.values()) + 1e-3 for c in left_out)


@pytest.mark.parametrize("sensitivity", ["low", "normal", "high"])
def test_seed_page_is_a_mismatch_at_every_sensitivity(checker, seed_page, sensitivity):
    """The page that started the project is warned whatever the reader chose: low's threshold
    once sat just above its probability (docs/model-history.md, Twelfth round)."""
    result = checker.check(seed_page["title"], seed_page["body"], sensitivity)
    assert (result["verdict"], result["warning"]) == ("mismatch", "mismatch"), result


def test_a_mismatchs_evidence_embeds_nothing_twice(checker, seed_page, monkeypatch):
    """Ranking the evidence by meaning re-reads the sentences the features just embedded, also
    when one call holds more of them than the cache keeps of recent sentences."""
    from training.encoder import load_encoder
    from training.features import semantic

    encoder, embedded = load_encoder(), []
    real_embed = encoder.embed

    def recording_embed(texts):
        embedded.extend(texts)
        return real_embed(texts)

    monkeypatch.setattr(encoder, "embed", recording_embed)
    monkeypatch.setattr(semantic, "CACHE", semantic.EmbeddingCache(recent_sentences=4))
    rows = [json.loads(line) for line in (SEEDS / "same_topic.jsonl").open()]
    swaps = [(r["headline"], r["body"]) for r in rows if r["kind"] != "honest"]
    results = checker.check_many([(seed_page["title"], seed_page["body"]), *swaps], "high")
    mismatches = [r for r in results if r["warning"] == "mismatch"]
    assert len(mismatches) >= 5
    assert all(r["evidence"][0]["measure"] == "meaning" for r in mismatches)
    assert len(embedded) > 4 * 2 and len(embedded) == len(set(embedded))
