"""Meaning, not only shared words: how close the headline is to the body's best sentences in a
pretrained sentence encoder's space, and whether its subject is where the story is told.

FNC-1's unrelated pairs are random, so shared words alone separate them; a misleading page
shares the topic and the names with its headline and tells another event. A sentence encoder
trained on a billion sentence pairs (all-MiniLM-L6-v2) separates those far better than word
overlap (MODEL-NOTES: ROC-AUC 0.82 against 0.71, zero-shot).
"""

import sys
import threading
from collections import OrderedDict

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .. import text
from ..encoder import ENCODER_NAME, load_encoder

SIMILARITIES = (
    "sem_best",
    "sem_lead",
    "sem_top3_mean",
    "sem_lexical_best",
    "sem_best_minus_lead",
)
# Event evidence: is the headline's wording, and its main name, in the sentence that tells
# the story, or only somewhere in the body (topic words)?
EVENTS = (
    "sem_best_overlap_weighted",
    "sem_best_names_share",
    "main_name_in_body",
    "main_name_in_sem_best",
)
FEATURES = SIMILARITIES + EVENTS

PROGRESS_EVERY = 5000  # texts; only bulk calls (training, evaluation) get this far


RECENT_SENTENCES = 1024  # about 1.5 MB: the sentences of the last few dozen pages


class EmbeddingCache:
    """Embeddings by text, least recently used dropped first.

    The service meets the same headline again and again (a page reloaded, checked at another
    sensitivity), so headlines are always kept. Training meets each body sentence once per
    headline paired with it, so with ``sentences`` on they are kept like headlines. A service
    would mostly keep sentences it never sees again, so it keeps only the last
    ``recent_sentences``, and never fewer than the last call's: a mismatch's evidence
    (``checker.evidence``), ranked by meaning, reads a check's sentences again right after its
    features did, however many pages it held, without embedding them twice.
    """

    def __init__(
        self, max_items: int = 4096, *, sentences: bool = False, recent_sentences=RECENT_SENTENCES
    ):
        self.max_items = max_items
        self.sentences = sentences
        self.recent_sentences = recent_sentences
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def resize(self, max_items: int, *, sentences: bool | None = None) -> None:
        with self._lock:
            self.max_items = max_items
            if sentences is not None:
                self.sentences = sentences
            _trim(self._items, max_items)

    def __len__(self) -> int:
        return len(self._items)

    def forget_sentences(self) -> None:
        """Drop the recent sentences: the next check reads its page as never seen before
        (benchmarks time that, not a reload)."""
        with self._lock:
            self._recent.clear()

    def embed(self, encoder, headlines: list[str], sentences: list[str]) -> dict[str, np.ndarray]:
        """Vectors for every text given, embedding each missing one once (batched)."""
        texts = [*headlines, *sentences]
        with self._lock:
            found = {}
            for t in texts:
                for kept in (self._items, self._recent):
                    if t in kept:
                        kept.move_to_end(t)
                        found[t] = kept[t]
                        break
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        bulk = len(missing) >= PROGRESS_EVERY
        for start in range(0, len(missing), PROGRESS_EVERY):
            chunk = missing[start : start + PROGRESS_EVERY]
            found.update(zip(chunk, encoder.embed(chunk), strict=True))
            if bulk:
                done = min(start + PROGRESS_EVERY, len(missing))
                print(f"  embedded {done:,} / {len(missing):,} texts", file=sys.stderr, flush=True)
        headline_set = set(headlines)
        with self._lock:
            for t in missing:
                keep = self._items if self.sentences or t in headline_set else self._recent
                keep[t] = found[t]
            _trim(self._items, self.max_items)
            _trim(self._recent, max(self.recent_sentences, len(set(sentences))))
        return found


def _trim(items: OrderedDict, size: int) -> None:
    while len(items) > size:
        items.popitem(last=False)


CACHE = EmbeddingCache()


def candidate_sentences(p, n_lead: int, n_lexical: int) -> list[int]:
    """The lead plus the sentences the lexical side ranks best: where a headline's story is
    told. Embedding only these keeps a 1,000-word page to a handful of encoder calls."""
    lead = range(min(n_lead, len(p.sentence_texts)))
    return sorted(set(lead) | set(p.best_sentences(n_lexical)))


def candidate_vectors(X, n_lead: int, n_lexical: int, encoder_dir=None):
    """Each pair's candidate sentences (indexes), and the vectors of those sentences and of its
    headline, by text. Every family that reads the encoder's space goes through here, so a
    page's sentences are embedded once and read from the one cache after that."""
    candidates = [candidate_sentences(p, n_lead, n_lexical) for p in X]
    sentences = [
        p.sentence_texts[i] for p, chosen in zip(X, candidates, strict=True) for i in chosen
    ]
    vectors = CACHE.embed(load_encoder(encoder_dir), [p.headline for p in X], sentences)
    return candidates, vectors


def _weighted_overlap(stems, present, idf, default) -> float:
    total = sum(idf.get(s, default) for s in stems)
    return sum(idf.get(s, default) for s in stems if s in present) / total if total else 0.0


class SemanticSimilarity(TransformerMixin, BaseEstimator):
    """Cosines of the headline with its best body sentences in all-MiniLM-L6-v2's space, plus
    event evidence: are the headline's words and its main name in the sentence that tells
    its story (not only somewhere in the body)?

    The encoder is pretrained and frozen; nothing is learned in ``fit``. Its weights are
    never pickled with the pipeline: they are loaded (and their SHA-256 checked) from the
    folder ``make encoder`` fills, once per process.

    Parameters
    ----------
    n_lead : int, default=2
        Opening sentences always embedded: the lead says what the story is.
    n_lexical : int, default=3
        Best sentences by exact-word similarity also embedded.
    encoder_dir : str or None, default=None
        Folder of the encoder's files; None means the installed default.
    events : bool, default=False
        Add the event-evidence columns (``EVENTS``) to the similarities. Off: on whole held-out
        claims they changed nothing beyond run-to-run noise (docs/model.md), so they are not
        worth their place in every check.

    Attributes
    ----------
    encoder_ : str
        Name of the encoder the features were fitted with.
    """

    def __init__(self, *, n_lead=2, n_lexical=3, encoder_dir=None, events=False):
        self.n_lead = n_lead
        self.n_lexical = n_lexical
        self.encoder_dir = encoder_dir
        self.events = events

    def _names(self) -> tuple[str, ...]:
        return FEATURES if self.events else SIMILARITIES

    def ready(self) -> None:
        """Load (and verify) the encoder now: a missing or changed file fails at start-up with
        the install command, not at a reader's first check."""
        load_encoder(self.encoder_dir)

    def fit(self, X, y=None):
        self.ready()  # fail now, with the install command, not mid-training
        self.encoder_ = ENCODER_NAME
        self.n_features_out_ = len(self._names())
        return self

    def sentence_cosines(self, X) -> list[dict[int, float]]:
        """Each pair's candidate sentences (by index) and their cosine with its headline: what
        the features summarise, and what a mismatch's evidence is ranked by
        (``checker.evidence``), so the reader is shown the sentences closest in meaning."""
        check_is_fitted(self, "encoder_")
        X = list(X)
        candidates, vectors = candidate_vectors(X, self.n_lead, self.n_lexical, self.encoder_dir)
        return [
            {i: float(vectors[p.sentence_texts[i]] @ vectors[p.headline]) for i in chosen}
            for p, chosen in zip(X, candidates, strict=True)
        ]

    def transform(self, X):
        X = list(X)
        rows = [self._row(p, sims) for p, sims in zip(X, self.sentence_cosines(X), strict=True)]
        values = np.asarray(rows, dtype=float).reshape(-1, len(FEATURES))
        return values if self.events else values[:, : len(SIMILARITIES)]

    def _row(self, p, sims: dict[int, float]) -> list[float]:
        if not sims:
            return [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.0, -1.0, -1.0]
        chosen = sorted(sims)
        ranked = sorted(chosen, key=lambda i: -sims[i])
        best = ranked[0]
        lead = max(sims[i] for i in chosen if i < self.n_lead)
        lexical_best = p.best_sentences(1)[0]
        names = text.headline_names(p.headline)
        best_stems = set(p.sentence_all_stems[best])
        # The headline's main name: its rarest capitalised word (the subject, not the topic).
        main = max(names, key=lambda n: p.idf.get(n, p.default_idf)) if names else None
        return [
            sims[best],
            lead,
            float(np.mean([sims[i] for i in ranked[:3]])),
            sims[lexical_best],
            sims[best] - lead,
            _weighted_overlap(p.headline_stems, best_stems, p.idf, p.default_idf),
            (sum(n in best_stems for n in names) / len(names)) if names else -1.0,
            float(main in p.body_stems) if main else -1.0,
            float(main in best_stems) if main else -1.0,
        ]

    def get_feature_names_out(self, input_features=None):
        return np.asarray(self._names(), dtype=object)
