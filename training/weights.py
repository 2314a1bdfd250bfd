"""Sample weights that lift rare stances."""

import numpy as np


def balancing_weights(stances, power: float = 0.5) -> np.ndarray:
    """Per-pair weights that lift rare classes: ``disagree`` (1.7 %) is never predicted without.

    ``power`` 1 would fully balance the classes; 0.5 lifts them without flooding honest
    pages with contradiction warnings.
    """
    stances = np.asarray(stances)
    labels, counts = np.unique(stances, return_counts=True)
    scale = {
        label: (len(stances) / count) ** power for label, count in zip(labels, counts, strict=True)
    }
    weights = np.array([scale[s] for s in stances], dtype=float)
    return weights / weights.mean()
