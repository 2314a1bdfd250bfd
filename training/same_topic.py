"""Same topic, different story: a headline over the body of another claim that is closest to it.

FNC-1's unrelated pairs are random (mostly another topic), so a model trained on them learns
"shared words mean related". A misleading page shares the topic and names with its headline
and tells another event. These pairs imitate that from FNC-1 itself: each claim's headline
over the bodies of *other* claims that share most of its rare words (TF-IDF cosine over
content stems). They serve twice:

- as extra ``unrelated`` training pairs (``mine``), and
- on held-out claims, as an evaluation set of honest pairs against swapped ones
  (``evaluation_set``), mined only among held-out claims so nothing leaks from training.

Some mined pairs are really the same story (FNC-1 has near-duplicate claims); the share was
estimated by hand on a sample: see docs/model.md.
"""

import random

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from . import text
from .data import Pair
from .features.groups import claim_groups

PER_HEADLINE = 2
HONEST = ("agree", "discuss")


def _closest_bodies(headlines: list[str], bodies: list[str]) -> np.ndarray:
    """Headline-by-body TF-IDF cosine, fitted on these texts only (no outside vocabulary)."""
    vectorizer = TfidfVectorizer(analyzer=text.content_stems, sublinear_tf=True, dtype=np.float32)
    vectorizer.fit(headlines + bodies)
    return (vectorizer.transform(headlines) @ vectorizer.transform(bodies).T).toarray()


def mine(pairs, *, per_headline: int = PER_HEADLINE, share: float = 1.0, seed: int = 0):
    """For each claim headline, ``unrelated`` pairs with the ``per_headline`` closest bodies of
    other claims (bodies never paired with it in the data). ``share`` keeps a seeded sample of
    the headlines. Deterministic for the same pairs, share and seed."""
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
    headlines = sorted(claim_of_headline)
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
            mined.append(Pair(headline, bodies[j], "unrelated", body_id[bodies[j]]))
            taken += 1
            if taken == per_headline:
                break
    return mined


def evaluation_set(held_pairs) -> tuple[list, list]:
    """Honest held-out pairs (agree/discuss), and each held-out claim headline over the one
    closest body of another held-out claim: the same-topic swap a reader must be warned of."""
    honest = [p for p in held_pairs if p.stance in HONEST]
    swapped = mine(held_pairs, per_headline=1)
    return honest, swapped
