"""Concurrent requests share model calls, each still gets exactly its own results."""

import threading
import time

import pytest

from service.combiner import Combiner


class SlowScore:
    """Test-only scorer: doubles numbers, slowly, and records each call's size."""

    def __init__(self, fail_on=None):
        self.calls: list[int] = []
        self.fail_on = fail_on

    def __call__(self, items):
        self.calls.append(len(items))
        time.sleep(0.05)
        if self.fail_on in items:
            raise RuntimeError("scoring failed")
        return [2 * item for item in items]


def run_concurrently(combiner, inputs):
    results, errors = {}, {}

    def worker(n, items):
        try:
            results[n] = combiner.run(items)
        except RuntimeError as e:
            errors[n] = e

    threads = [threading.Thread(target=worker, args=(n, items)) for n, items in enumerate(inputs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert not any(t.is_alive() for t in threads), "a caller hangs"
    return results, errors


def test_alone_it_is_one_plain_call():
    score = SlowScore()
    assert Combiner(score).run([1, 2]) == [2, 4]
    assert score.calls == [2]


def test_concurrent_callers_share_calls_and_get_their_own_results():
    score = SlowScore()
    inputs = [[n, n + 100] for n in range(12)]
    results, errors = run_concurrently(Combiner(score), inputs)
    assert not errors
    assert results == {n: [2 * n, 2 * n + 200] for n in range(12)}
    assert sum(score.calls) == 24
    assert len(score.calls) < 12  # waiting callers were combined


def test_batches_respect_the_maximum():
    score = SlowScore()
    results, _ = run_concurrently(Combiner(score, max_items=3), [[n] for n in range(10)])
    assert len(results) == 10
    assert max(score.calls) <= 3


def test_a_failure_reaches_its_batch_and_later_calls_still_work():
    score = SlowScore(fail_on=-1)
    combiner = Combiner(score)
    results, errors = run_concurrently(combiner, [[-1]] + [[n] for n in range(5)])
    assert 0 in errors
    assert set(results) | set(errors) == set(range(6))
    assert combiner.run([7]) == [14]


def test_sync_failure_is_raised_to_the_caller():
    with pytest.raises(RuntimeError, match="scoring failed"):
        Combiner(SlowScore(fail_on=1)).run([1])
