"""Same topic, different story: a headline over the body of another claim that is closest to it.

FNC-1's unrelated pairs are random (mostly another topic), so a model trained on them learns
"shared words mean related". A misleading page shares the topic and names with its headline
and tells another event. These pairs imitate that from FNC-1 itself: each claim's headline
over the bodies of *other* claims that share most of its rare words (TF-IDF cosine over
content stems). They serve twice:

- as extra ``unrelated`` training pairs (``mine``), and
- on held-out claims, as an evaluation set of honest pairs against swapped ones
  (``evaluation_set``), mined only among held-out claims so nothing leaks from training.

Some mined pairs are really the same story: FNC-1 has near-duplicate claims, told by bodies
grouped under different headlines. Trained as ``unrelated``, those taught the model to call
loosely worded honest pairs a mismatch (on FNC-1's hold-out split relatedness fell from 0.991
to 0.975). So a training pair is kept only when its headline is no paraphrase of any headline
of the body's own claim, in the sentence encoder's space (``PARAPHRASE_COSINE``). The share of
noise left was estimated by hand on a sample: see docs/model.md.
"""

import random

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from . import text
from .data import Pair
from .features.groups import claim_groups

PER_HEADLINE = 2
# Cosine (all-MiniLM-L6-v2) at or above which two headlines are taken to tell the same story.
# Chosen on both FNC-1 hold-outs (docs/model-history.md, second round): 0.4 kept hold-out
# relatedness at 0.987 against 0.975 unfiltered, and the same-topic catch rate within a point
# or two.
PARAPHRASE_COSINE = 0.4
HONEST = ("agree", "discuss")


def _closest_bodies(headlines: list[str], bodies: list[str]) -> np.ndarray:
    """Headline-by-body TF-IDF cosine, fitted on these texts only (no outside vocabulary)."""
    vectorizer = TfidfVectorizer(analyzer=text.content_stems, sublinear_tf=True, dtype=np.float32)
    vectorizer.fit(headlines + bodies)
    return (vectorizer.transform(headlines) @ vectorizer.transform(bodies).T).toarray()


def mine(
    pairs,
    *,
    per_headline: int = PER_HEADLINE,
    share: float = 1.0,
    seed: int = 0,
    paraphrases=None,
):
    """For each claim headline, ``unrelated`` pairs with the ``per_headline`` closest bodies of
    other claims (bodies never paired with it in the data). ``share`` keeps a seeded sample of
    the headlines. Deterministic for the same pairs, share and seed.

    ``paraphrases``, when given, is ``ParaphraseFilter``-like: a candidate body is skipped
    when the headline paraphrases a headline of the body's own claim (a near-duplicate claim,
    so probably the same story), and the next closest body is tried instead."""
    pairs = list(pairs)
    groups = claim_groups(pairs, [p.stance for p in pairs])
    claim_of_headline = {}
    for p, g in zip(pairs, groups, strict=True):
        if p.stance != "unrelated":
            claim_of_headline.setdefault(p.headline, g)
    body_claim, body_id = {}, {}
    for p, g in zip(pairs, groups, strict=True):
        body_claim.setdefault(p.body, g)
        body_id.setdefault(p.body, p.body_id)
    seen = {(p.headline, p.body) for p in pairs}
    claim_headlines: dict[int, list[str]] = {}
    for headline, g in claim_of_headline.items():
        claim_headlines.setdefault(g, []).append(headline)
    headlines = sorted(claim_of_headline)
    if paraphrases is not None:
        paraphrases.vectors(headlines)  # one batched call rather than one per headline
    if share < 1.0:
        rng = random.Random(seed)
        headlines = sorted(rng.sample(headlines, max(1, round(len(headlines) * share))))
    bodies = sorted(body_claim)
    if not headlines or not bodies:
        return []
    scores = _closest_bodies(headlines, bodies)
    claims = np.asarray([body_claim[b] for b in bodies])
    mined = []
    for row, headline in enumerate(headlines):
        candidates = np.where(claims != claim_of_headline[headline])[0]
        # Ties broken by body order (sorted texts), so the result never depends on hash order.
        order = candidates[np.lexsort((candidates, -scores[row, candidates]))]
        taken = 0
        for j in order:
            if (headline, bodies[j]) in seen:
                continue
            if paraphrases is not None and paraphrases.any_paraphrase(
                headline, claim_headlines.get(claims[j], [])
            ):
                continue
            mined.append(Pair(headline, bodies[j], "unrelated", body_id[bodies[j]]))
            taken += 1
            if taken == per_headline:
                break
    return mined


class ParaphraseFilter:
    """Tells whether a headline may tell the same story as any of some others, by encoder
    cosine.

    The cut is deliberately low: two headlines about one bridge's toll and its storm damage
    already score about 0.58. It also drops some truly different stories on one topic, which
    is the cheaper mistake: the next closest body is mined instead, while a same-story pair
    labelled ``unrelated`` teaches false alarms. Headlines are embedded once each.
    """

    def __init__(self, encoder, threshold: float = PARAPHRASE_COSINE):
        self.encoder = encoder
        self.threshold = threshold
        self._vectors: dict[str, np.ndarray] = {}

    def vectors(self, headlines: list[str]) -> np.ndarray:
        missing = [h for h in dict.fromkeys(headlines) if h not in self._vectors]
        if missing:
            self._vectors.update(zip(missing, self.encoder.embed(missing), strict=True))
        return np.asarray([self._vectors[h] for h in headlines])

    def any_paraphrase(self, headline: str, others: list[str]) -> bool:
        if not others:
            return False
        vectors = self.vectors([headline, *others])
        return bool((vectors[1:] @ vectors[0]).max() >= self.threshold)


def evaluation_set(held_pairs) -> tuple[list, list]:
    """Honest held-out pairs (agree/discuss), and each held-out claim headline over the one
    closest body of another held-out claim: the same-topic swap a reader must be warned of."""
    honest = [p for p in held_pairs if p.stance in HONEST]
    swapped = mine(held_pairs, per_headline=1)
    return honest, swapped
