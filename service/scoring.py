"""Turns validated check requests into responses: truncate, cache, call the checker, add the badge.

The verdict itself is the checker's (training.checker); nothing here looks at the text's meaning.
"""

import copy
import json
import time
from collections import defaultdict
from dataclasses import dataclass

from threadpoolctl import ThreadpoolController

from service.badge import badge_for
from service.cache import LRUCache, content_key, sha256_parts
from service.combiner import Combiner
from training import verdict
from training.model_store import ModelLoadError
from training.verdict import SENSITIVITIES

WARNINGS = ("unrelated", "disagree")
# A pair the model must be able to score (long and English enough to pass the checker's gate).
PROBE = (
    "City council approves new bike lanes on Main Street",
    "The city council voted on Tuesday to approve new protected bike lanes on Main Street. "
    "The mayor said that construction of the lanes would begin in the spring and that the "
    "work should be finished before the end of the year, after two years of debate.",
)


def cache_scope(checker) -> str:
    """Everything a cached answer depends on besides the page: the model file (a version is a
    date, and two models trained on one day share it), the thresholds in force (a deployment's
    ``THRESHOLDS``) and the story check's cut-offs (code). Hosts sharing a Redis cache, or one
    restarted with other settings, never serve each other's answers."""
    fingerprint = sha256_parts(
        str(checker.card.get("sha256", "")),
        json.dumps(checker.thresholds, sort_keys=True),
        json.dumps(verdict.STORY_CUTOFFS, sort_keys=True),
    )
    return f"{checker.version}:{fingerprint[:16]}"


def with_thresholds(checker, overrides: dict):
    """A copy of ``checker`` whose warning thresholds are its card's, updated by ``overrides``."""
    thresholds = {s: dict(values) for s, values in checker.thresholds.items()}
    for sensitivity, values in overrides.items():
        if sensitivity not in SENSITIVITIES or not isinstance(values, dict):
            raise ValueError(f"THRESHOLDS: {sensitivity!r} is not one of {SENSITIVITIES}")
        for stance, value in values.items():
            if stance not in WARNINGS or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ValueError(
                    f"THRESHOLDS[{sensitivity!r}]: {stance!r} must be "
                    f"one of {WARNINGS} with a value from 0 to 1"
                )
        thresholds[sensitivity].update(values)
    clone = copy.copy(checker)
    clone.thresholds = thresholds
    return clone


@dataclass(frozen=True)
class CheckInput:
    """One validated request: text already truncated and cleaned, ready to score."""

    title: str
    body: str
    sensitivity: str
    truncated: bool


def clean_text(text: str, max_chars: int) -> tuple[str, bool]:
    """Cut ``text`` to ``max_chars`` and replace lone surrogates (valid in JSON) with U+FFFD."""
    truncated = len(text) > max_chars
    if truncated:
        text = text[:max_chars]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text, truncated


class Scorer:
    """The loaded checker plus the service's limits and result cache."""

    def __init__(
        self,
        checker,
        *,
        max_title_chars: int,
        max_body_chars: int,
        cache_size: int = 0,
        cache=None,
        model_threads: int = 1,
        combine_max: int = 64,
        queue_max: int = 512,
    ):
        self.checker = checker
        self.model_threads = model_threads
        # Created once: inspecting the loaded libraries costs milliseconds, limiting them not.
        self._threadpools = ThreadpoolController()
        self.max_title_chars = max_title_chars
        self.max_body_chars = max_body_chars
        self.cache = LRUCache(cache_size) if cache is None else cache
        # Concurrent requests (gunicorn --threads) share model calls; one call at a time, from
        # a queue of at most queue_max pages.
        self.combiner = Combiner(self._score, max_items=combine_max, max_queue=queue_max)
        self.model = {"name": checker.name, "version": checker.version}
        self.cache_scope = cache_scope(checker)

    def prepare(self, title: str, body: str, sensitivity: str) -> CheckInput:
        title, cut_title = clean_text(title, self.max_title_chars)
        body, cut_body = clean_text(body, self.max_body_chars)
        return CheckInput(title, body, sensitivity, cut_title or cut_body)

    def verify(self) -> None:
        """Score one known pair, so a model that loads but cannot score (pickled for other
        feature code, say) stops start-up instead of failing every request."""
        try:
            self._score([CheckInput(*PROBE, sensitivity="normal", truncated=False)])
        except Exception as error:
            raise ModelLoadError(
                f"model {self.model['name']} {self.model['version']} loads but cannot score "
                f"with this code ({type(error).__name__}: {error}); retrain it"
            ) from error

    def _key(self, item: CheckInput) -> str:
        return content_key(self.cache_scope, item.title, item.body, item.sensitivity)

    def check(self, item: CheckInput, **when) -> dict:
        return self.check_many([item], **when)[0]

    def check_many(self, items: list[CheckInput], *, deadline=None, alive=None) -> list[dict]:
        """Score ``items``, answering repeats from the cache and scoring the rest in one call.

        ``deadline`` (time.monotonic()) and ``alive`` go to the combiner: work that would finish
        too late, or whose client has gone, raises combiner.Overloaded instead of being scored.
        """
        out: list[dict | None] = [None] * len(items)
        keys = [self._key(item) for item in items]
        todo = []
        for i, key in enumerate(keys):
            start = time.perf_counter()
            cached = self.cache.get(key)
            if cached is None:
                todo.append(i)
                continue
            elapsed = (time.perf_counter() - start) * 1000
            out[i] = self._finish(cached, items[i], cached=True, elapsed_ms=elapsed)
        if todo:
            start = time.perf_counter()
            results = self.combiner.run([items[i] for i in todo], deadline=deadline, alive=alive)
            elapsed = (time.perf_counter() - start) * 1000 / len(todo)
            for i, result in zip(todo, results, strict=True):
                response = {**result, "badge": badge_for(result), "model": self.model}
                self.cache.put(keys[i], response)
                out[i] = self._finish(response, items[i], cached=False, elapsed_ms=elapsed)
        return out  # type: ignore[return-value]

    def warm_up(self) -> None:
        """Score one made-up page, outside the cache, so a worker's first reader does not
        wait for what a first call builds: the sentence encoder's session (about 0.2 s), made
        per process after the fork (training/encoder.py)."""
        sentence = "The harbour bridge in Kingsport reopened on Monday after storm repairs. "
        self._score([CheckInput("Kingsport bridge reopens", sentence * 8, "normal", False)])

    def _score(self, items: list[CheckInput]) -> list[dict]:
        """The checker's results for ``items``: one call per sensitivity present."""
        groups: dict[str, list[int]] = defaultdict(list)
        for n, item in enumerate(items):
            groups[item.sensitivity].append(n)
        results: list[dict | None] = [None] * len(items)
        # Per call: OpenMP (the trees), BLAS, and the sentence encoder, which follows BLAS. BLAS
        # limits are process-wide, which is safe because model calls run one at a time here.
        with self._threadpools.limit(limits=self.model_threads):
            for sensitivity, members in groups.items():
                pairs = [(items[n].title, items[n].body) for n in members]
                scored = self.checker.check_many(pairs, sensitivity=sensitivity)
                for n, result in zip(members, scored, strict=True):
                    results[n] = result
        return results  # type: ignore[return-value]

    @staticmethod
    def _finish(response: dict, item: CheckInput, *, cached: bool, elapsed_ms: float) -> dict:
        return {
            **response,
            "truncated": item.truncated,
            "cached": cached,
            "elapsed_ms": round(elapsed_ms, 3),
        }
