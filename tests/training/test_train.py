import numpy as np

from training.data import Pair
from training.features.groups import claim_groups
from training.pipeline import balancing_weights
from training.train import split_by_claim


def claim_pairs():
    """Three claims, each with two bodies; unrelated pairs cross between claims."""
    pairs = []
    for c in range(3):
        for b in range(2):
            body = f"body {c}-{b}"
            pairs.append(Pair(f"claim {c}", body, "agree" if b else "discuss", body))
            pairs.append(Pair(f"claim {(c + 1) % 3}", body, "unrelated", body))
    return pairs


def test_claim_groups_join_bodies_through_related_headlines():
    pairs = claim_pairs()
    groups = claim_groups(pairs, [p.stance for p in pairs])
    by_body = {p.body: g for p, g in zip(pairs, groups, strict=True)}
    assert by_body["body 0-0"] == by_body["body 0-1"] != by_body["body 1-0"]
    assert len(set(groups.tolist())) == 3


def test_split_by_claim_leaves_no_held_out_claim_in_training():
    pairs = claim_pairs()
    held, kept = split_by_claim(pairs, 0.34, random_state=0)
    held_headlines = {p.headline for p in held if p.stance != "unrelated"}
    held_bodies = {p.body for p in held}
    assert held and kept
    assert not held_headlines & {p.headline for p in kept}
    assert not held_bodies & {p.body for p in kept}


def test_balancing_weights_lift_rare_classes_and_average_one():
    stances = ["unrelated"] * 90 + ["disagree"] * 10
    weights = balancing_weights(stances)
    assert np.isclose(weights.mean(), 1.0)
    assert np.isclose(weights[-1] / weights[0], 3.0)  # (90 / 10) ** 0.5


def test_fit_also_pairs_are_fitted_on_and_never_mined_from(monkeypatch):
    """``--fit-also`` pairs (the team's comments and news) join the fit as they are; same-topic
    pairs come from the main data alone, because a comment over another debate's closest comment
    is no same-topic story and cost the held-out claims macro-F1 (docs/model-history.md, Ninth
    round)."""
    from training import train

    seen = {}

    def mine(pairs, **_):
        seen["mined_from"] = list(pairs)
        return [Pair("claim 0", "body 1-0", "unrelated", "body 1-0")]

    class Recorder:
        def fit(self, X, y, classify__sample_weight):
            seen["X"], seen["weights"] = X, classify__sample_weight
            return self

    monkeypatch.setattr(train.encoder, "load_encoder", lambda: None)
    monkeypatch.setattr(train.same_topic, "ParaphraseFilter", lambda _: None)
    monkeypatch.setattr(train.same_topic, "mine", mine)
    monkeypatch.setattr(train, "build_pipeline", lambda **_: Recorder())
    news = claim_pairs()
    comments = [Pair("Cats should stay indoors", "mine roams all day", "disagree", "c:1")]
    train.fit(news, comments, mined_weight=0.5)
    assert seen["mined_from"] == news
    assert seen["X"][len(news)] == ("Cats should stay indoors", "mine roams all day")
    assert len(seen["X"]) == len(news) + 2
    plain = balancing_weights(np.asarray([p.stance for p in news + comments] + ["unrelated"]))
    assert seen["weights"][-1] == plain[-1] * 0.5
    assert seen["weights"][len(news)] == plain[len(news)]
