"""SemanticSimilarity: a scikit-learn transformer in the one pipeline the checker runs."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from training import verdict
from training.checker import Checker
from training.features import PairParser, SemanticSimilarity
from training.features.semantic import FEATURES, EmbeddingCache, candidate_sentences
from training.pipeline import build_pipeline

BODY = (
    "Engineers closed the Kingsport harbour bridge on Monday after a storm damaged two cables. "
    "The council said repairs would take two weeks and cost 1.2 million pounds. "
    "Ferries will run extra crossings while the bridge is shut. "
    "Local shops expect fewer customers during the closure."
)
OTHER_STORY = (
    "Kingsport council voted on Tuesday to charge a toll on the harbour bridge from next year. "
    "Drivers will pay two pounds a crossing, and the money will go to road repairs. "
    "Residents of the town will get a discount card. "
    "Shop owners said the toll would keep visitors away."
)
HEADLINE = "Storm damage shuts Kingsport harbour bridge for two weeks"
PAIRS = [(HEADLINE, BODY), (HEADLINE, OTHER_STORY)]


@pytest.fixture(scope="module")
def parsed():
    return PairParser(min_df=1).fit(PAIRS).transform(PAIRS)


def test_requires_fit(parsed):
    with pytest.raises(NotFittedError):
        SemanticSimilarity().transform(parsed)


def test_shapes_and_names(parsed):
    transformer = SemanticSimilarity(events=True).fit(parsed)
    values = transformer.transform(parsed)
    names = list(transformer.get_feature_names_out())
    assert names == list(FEATURES) and len(set(names)) == len(names)
    assert values.shape == (len(parsed), len(names))
    assert np.isfinite(values).all()


def test_story_scores_higher_than_same_topic_other_story(parsed):
    values = SemanticSimilarity().fit(parsed).transform(parsed)
    best = list(FEATURES).index("sem_best")
    lead = list(FEATURES).index("sem_lead")
    assert values[0, best] > values[1, best] + 0.1
    assert values[0, lead] > values[1, lead]


def test_only_the_lead_and_best_lexical_sentences_are_embedded(parsed):
    chosen = candidate_sentences(parsed[0], n_lead=1, n_lexical=1)
    assert 0 in chosen and parsed[0].best_sentences(1)[0] in chosen
    assert len(chosen) <= 2 < len(parsed[0].sentence_texts)


class Counting:
    """Records what it is asked to embed."""

    def __init__(self):
        self.calls = []

    def embed(self, texts):
        self.calls.append(list(texts))
        return np.ones((len(texts), 3), dtype=np.float32)


def test_cache_drops_least_recently_used():
    counting, cache = Counting(), EmbeddingCache(max_items=2)
    cache.embed(counting, ["a", "b"], [])
    cache.embed(counting, ["a", "c"], [])  # "a" is cached, "b" is now the oldest and dropped
    cache.embed(counting, ["b", "a"], [])
    assert counting.calls == [["a", "b"], ["c"], ["b"]]
    assert len(cache) == 2


def test_cache_keeps_only_recent_sentences_unless_asked():
    counting, cache = Counting(), EmbeddingCache(max_items=10, recent_sentences=2)
    cache.embed(counting, ["headline"], ["s1", "s1"])
    cache.embed(counting, ["headline"], ["s1"])  # read again within the same check: kept
    cache.embed(counting, [], ["s2", "s3"])  # two newer sentences push s1 out
    cache.embed(counting, [], ["s1"])
    assert counting.calls == [["headline", "s1"], ["s2", "s3"], ["s1"]]
    assert len(cache) == 1  # the headline: sentences do not take its places
    cache.resize(10, sentences=True)
    cache.embed(counting, [], ["s4", "s5", "s6"])
    cache.embed(counting, [], ["s4"])
    assert counting.calls[3:] == [["s4", "s5", "s6"]]


def test_training_and_checker_run_the_same_pipeline():
    X = PAIRS * 6
    y = ["agree", "unrelated", "disagree", "unrelated", "discuss", "unrelated"] * 2
    pipeline = build_pipeline(random_state=0)
    assert "semantic" in dict(pipeline.named_steps["features"].transformer_list)
    pipeline.fit(X, y)
    checker = Checker(pipeline, {})
    _, proba = checker.probabilities(X[:2])
    direct = pipeline.predict_proba(X[:2])
    columns = [list(pipeline.classes_).index(s) for s in ("agree", "unrelated")]
    assert np.allclose(proba[:, [0, 3]], direct[:, columns])
    names = list(pipeline[1:-1].get_feature_names_out())
    assert "semantic__sem_best" in names and "lexical__overlap_weighted_body" in names


def test_mismatch_kind_words_the_explanation():
    thresholds = {"unrelated": 0.5, "disagree": 0.5}
    probabilities = {"agree": 0.05, "disagree": 0.0, "discuss": 0.05, "unrelated": 0.9}
    same_topic = verdict.decide(probabilities, thresholds, verdict.mismatch_kind(0.7, 0.3))
    other_topic = verdict.decide(probabilities, thresholds, verdict.mismatch_kind(0.1, 0.1))
    assert same_topic["mismatch_kind"] == "different_story"
    assert "different story" in same_topic["explanation"]
    assert other_topic["mismatch_kind"] == "unrelated_topic"
    assert other_topic["explanation"] == verdict.EXPLANATIONS["mismatch"]
    assert verdict.mismatch_kind(0.1, 0.6) == "different_story"
    assert verdict.mismatch_kind(0.1, None) == "unrelated_topic"
    # Far in wording and meaning, but the body names the headline's subject: same topic.
    assert verdict.mismatch_kind(0.1, 0.1, subject=True) == "different_story"
    honest = {"agree": 0.8, "disagree": 0.0, "discuss": 0.1, "unrelated": 0.1}
    assert verdict.decide(honest, thresholds, "different_story")["mismatch_kind"] is None
    assert verdict.unjudged("too_short")["mismatch_kind"] is None


def test_event_columns_are_off_by_default(parsed):
    transformer = SemanticSimilarity().fit(parsed)
    values = transformer.transform(parsed)
    assert values.shape == (len(parsed), len(transformer.get_feature_names_out()))
    assert "main_name_in_body" not in transformer.get_feature_names_out()
