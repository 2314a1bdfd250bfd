"""Group training pairs by claim, so cross-fitted features behave as they will on new stories.

FNC-1 pairs many bodies with the same claim (headline). Folds that split only by body still
let a model see the claim from another body, so its out-of-fold outputs look better than
they will be on claims never seen; the trees downstream then trust them too much. Bodies and
headlines joined by a related pair form one claim here (connected components).
"""

import numpy as np


def claim_groups(parsed, y) -> np.ndarray:
    """An integer claim id per pair; a body with only unrelated pairs is a claim of its own."""
    parent: dict[tuple, tuple] = {}

    def find(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for p, stance in zip(parsed, y, strict=True):
        body = find(("body", p.body))
        if stance != "unrelated":
            parent[body] = find(("headline", p.headline))
    roots: dict[tuple, int] = {}
    return np.asarray([roots.setdefault(find(("body", p.body)), len(roots)) for p in parsed])
