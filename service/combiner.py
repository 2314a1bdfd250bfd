"""Score concurrent requests together, in a bounded queue that sheds work it cannot finish in time.

Most of a check's time is per call, not per pair (a boosted-trees predict walks every tree once
per call), so under concurrent load (gunicorn ``--threads``) scoring the pairs that arrived
during the previous call in one call raises throughput. An idle service scores at once, with
no waiting window; one call runs at a time per process. No background thread, so forking
workers after ``--preload`` is safe.

Under overload a queue that only grows turns every answer late: clients time out and the model
scores pages nobody waits for. So the queue holds at most ``max_queue`` pages, a request whose
estimated wait would pass its deadline is refused at once (``Overloaded``, with the estimate),
and a request whose deadline passed or whose client hung up while it queued is dropped before
it is scored.
"""

import math
import threading
import time
from collections.abc import Callable, Sequence


class Overloaded(Exception):
    """The work cannot be done in time; ``retry_after`` is the estimated wait in seconds."""

    def __init__(self, reason: str, retry_after: float):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _Slot:
    __slots__ = ("alive", "deadline", "done", "error", "event", "items", "lead", "results")

    def __init__(self, items: Sequence, deadline: float | None, alive: Callable[[], bool] | None):
        self.items = items
        self.deadline = deadline
        self.alive = alive
        self.results: list | None = None
        self.error: BaseException | None = None
        self.event = threading.Event()
        self.lead = False
        self.done = False

    def drop_reason(self, now: float) -> str | None:
        if self.deadline is not None and now >= self.deadline:
            return "deadline passed while queued"
        if self.alive is not None and not self.alive():
            return "client closed the connection"
        return None


class Combiner:
    """``run(items)`` returns ``score(items)``, sharing calls with concurrent ``run``s."""

    def __init__(self, score: Callable[[list], list], max_items: int = 64, max_queue: int = 512):
        self.score = score
        self.max_items = max_items
        self.max_queue = max_queue
        self._lock = threading.Lock()
        self._pending: list[_Slot] = []
        self._queued_items = 0
        self._busy = False
        self._call_started = 0.0
        # Seconds per model call, smoothed; seeded by the first call (verify() makes one).
        self.call_seconds: float | None = None
        self.shed = 0

    @property
    def queued(self) -> int:
        """Pages waiting for a model call (not counting the call in progress)."""
        return self._queued_items

    def estimated_wait(self, extra_items: int = 0) -> float:
        """Seconds until ``extra_items`` more pages would be scored (call with the lock held)."""
        per_call = self.call_seconds or 0.0
        calls = math.ceil((self._queued_items + extra_items) / self.max_items)
        remaining = 0.0
        if self._busy:
            remaining = max(0.0, self._call_started + per_call - time.monotonic())
        return remaining + calls * per_call

    def run(
        self,
        items: Sequence,
        *,
        deadline: float | None = None,
        alive: Callable[[], bool] | None = None,
    ) -> list:
        """Score ``items``; ``deadline`` is a time.monotonic() value, ``alive`` asks whether the
        client still waits. Raises Overloaded instead of queueing work that would be late."""
        slot = _Slot(items, deadline, alive)
        with self._lock:
            wait = self.estimated_wait(len(items))
            if self._queued_items + len(items) > self.max_queue:
                self.shed += 1
                raise Overloaded(f"queue full ({self._queued_items} pages waiting)", wait)
            if deadline is not None and time.monotonic() + wait > deadline:
                self.shed += 1
                raise Overloaded(f"estimated wait {wait:.1f} s passes the deadline", wait)
            self._pending.append(slot)
            self._queued_items += len(items)
            slot.lead = not self._busy
            self._busy = True
        while not slot.done:
            if slot.lead:
                self._lead(slot)
            else:
                slot.event.wait()
                slot.event.clear()
        if slot.error is not None:
            raise slot.error
        return slot.results  # type: ignore[return-value]

    def _take(self) -> tuple[list[_Slot], list[_Slot]]:
        """(batch, dropped): live pending slots up to max_items pages, and the ones dropped."""
        now = time.monotonic()
        batch: list[_Slot] = []
        dropped: list[_Slot] = []
        total = 0
        with self._lock:
            while self._pending:
                slot = self._pending[0]
                reason = slot.drop_reason(now)
                if reason is None and batch and total + len(slot.items) > self.max_items:
                    break
                self._pending.pop(0)
                self._queued_items -= len(slot.items)
                if reason is not None:
                    slot.error = Overloaded(reason, self.estimated_wait())
                    dropped.append(slot)
                    self.shed += 1
                else:
                    batch.append(slot)
                    total += len(slot.items)
            self._call_started = time.monotonic()
        return batch, dropped

    def _lead(self, me: _Slot) -> None:
        """Score one batch of live slots, then hand the lead on."""
        batch, dropped = self._take()
        if batch:
            start = time.monotonic()
            try:
                results = self.score([item for slot in batch for item in slot.items])
                start_index = 0
                for slot in batch:
                    slot.results = results[start_index : start_index + len(slot.items)]
                    start_index += len(slot.items)
            except BaseException as error:  # every waiter gets the failure, none hangs
                for slot in batch:
                    slot.error = error
            took = time.monotonic() - start
            with self._lock:
                old = self.call_seconds
                self.call_seconds = took if old is None else 0.8 * old + 0.2 * took
        with self._lock:
            if self._pending:
                self._pending[0].lead = True
                self._pending[0].event.set()
            else:
                self._busy = False
        for slot in batch + dropped:
            slot.done = True
            slot.event.set()
        me.lead = False
