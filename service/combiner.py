"""Score concurrent requests together: one model call for everything that queued meanwhile.

Most of a check's time is per call, not per pair (a boosted-trees predict walks every tree once
per call), so under concurrent load (gunicorn ``--threads``) scoring the pairs that arrived
during the previous call in one call raises throughput. An idle service scores at once, with
no waiting window; one call runs at a time per process. No background thread, so forking
workers after ``--preload`` is safe.
"""

import threading
from collections.abc import Callable, Sequence


class _Slot:
    __slots__ = ("done", "error", "event", "items", "lead", "results")

    def __init__(self, items: Sequence):
        self.items = items
        self.results: list | None = None
        self.error: BaseException | None = None
        self.event = threading.Event()
        self.lead = False
        self.done = False


class Combiner:
    """``run(items)`` returns ``score(items)``, sharing calls with concurrent ``run``s."""

    def __init__(self, score: Callable[[list], list], max_items: int = 64):
        self.score = score
        self.max_items = max_items
        self._lock = threading.Lock()
        self._pending: list[_Slot] = []
        self._busy = False

    def run(self, items: Sequence) -> list:
        slot = _Slot(items)
        with self._lock:
            self._pending.append(slot)
            slot.lead = not self._busy
            self._busy = True
        while not slot.done:
            if slot.lead:
                self._lead()
            else:
                slot.event.wait()
                slot.event.clear()
        if slot.error is not None:
            raise slot.error
        return slot.results  # type: ignore[return-value]

    def _take(self) -> list[_Slot]:
        """Pending slots up to max_items pairs (always at least one slot)."""
        with self._lock:
            batch = [self._pending.pop(0)]
            total = len(batch[0].items)
            while self._pending and total + len(self._pending[0].items) <= self.max_items:
                batch.append(self._pending.pop(0))
                total += len(batch[-1].items)
            return batch

    def _lead(self) -> None:
        """Score one batch (which holds the leader's slot), then hand the lead on."""
        batch = self._take()
        try:
            results = self.score([item for slot in batch for item in slot.items])
            start = 0
            for slot in batch:
                slot.results = results[start : start + len(slot.items)]
                start += len(slot.items)
        except BaseException as error:  # every waiter gets the failure, none hangs
            for slot in batch:
                slot.error = error
        with self._lock:
            if self._pending:
                self._pending[0].lead = True
                self._pending[0].event.set()
            else:
                self._busy = False
        for slot in batch:
            slot.done = True
            slot.event.set()
