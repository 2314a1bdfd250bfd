"""Load shedding: a bounded queue for model work, a deadline, and no scoring for clients gone."""

import threading
import time

import pytest

from service.combiner import Combiner, Overloaded


class SlowModel:
    """Scores by waiting ``seconds`` per call, and records what it was asked to score."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.scored: list = []
        self.started = threading.Event()

    def __call__(self, items: list) -> list:
        self.started.set()
        time.sleep(self.seconds)
        self.scored.extend(items)
        return [f"scored {item}" for item in items]


def wait_for(condition, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def in_thread(combiner, items, **kwargs) -> dict:
    """Run ``combiner.run`` in a thread; the dict gets its result or error."""
    out: dict = {}

    def target():
        try:
            out["result"] = combiner.run(items, **kwargs)
        except Overloaded as error:
            out["error"] = error

    out["thread"] = threading.Thread(target=target)
    out["thread"].start()
    return out


def test_the_queue_is_bounded():
    model = SlowModel(0.5)
    combiner = Combiner(model, max_items=4, max_queue=6)
    busy = in_thread(combiner, ["a", "b", "c", "d"])
    model.started.wait(5)
    queued = in_thread(combiner, ["e", "f", "g", "h", "i"])  # 5 waiting pages: fits
    wait_for(lambda: combiner.queued == 5)
    with pytest.raises(Overloaded, match="queue full"):
        combiner.run(["j", "k"])  # 7 waiting: over max_queue
    for run in (busy, queued):
        run["thread"].join()
        assert "error" not in run
    assert sorted(model.scored) == list("abcdefghi")


def test_work_that_would_pass_its_deadline_is_refused_at_once():
    model = SlowModel(0.4)
    combiner = Combiner(model, max_items=1)
    combiner.run(["warm"])  # the combiner learns what a call costs
    busy = in_thread(combiner, ["a"])
    model.started.wait(5)
    start = time.monotonic()
    with pytest.raises(Overloaded, match="passes the deadline"):
        combiner.run(["late"], deadline=time.monotonic() + 0.2)
    assert time.monotonic() - start < 0.35  # refused without waiting for the 0.4 s call
    busy["thread"].join()
    assert "late" not in model.scored
    # With time enough, the same request is scored.
    assert combiner.run(["ok"], deadline=time.monotonic() + 5) == ["scored ok"]


def test_a_request_whose_deadline_passes_while_queued_is_not_scored():
    model = SlowModel(0.8)
    combiner = Combiner(model, max_items=1)
    busy = in_thread(combiner, ["a"])
    model.started.wait(5)
    # No call measured yet, so the estimate lets it in; it expires while "a" is scored.
    expiring = in_thread(combiner, ["b"], deadline=time.monotonic() + 0.3)
    for run in (busy, expiring):
        run["thread"].join()
    assert "deadline passed" in str(expiring["error"])
    assert model.scored == ["a"]
    assert combiner.shed == 1


def test_a_request_whose_client_has_gone_is_not_scored():
    model = SlowModel(0.3)
    combiner = Combiner(model, max_items=8)
    busy = in_thread(combiner, ["a"])
    model.started.wait(5)
    gone = in_thread(combiner, ["b"], alive=lambda: False)
    waiting = in_thread(combiner, ["c"], alive=lambda: True)
    for run in (busy, gone, waiting):
        run["thread"].join()
    assert "client closed" in str(gone["error"])
    assert waiting["result"] == ["scored c"]
    assert sorted(model.scored) == ["a", "c"]


def test_overload_is_a_503_problem_with_retry_after(make_app, article):
    app = make_app(CHECK_DEADLINE=0.5)
    scorer = app.extensions["headline_check"]
    # The combiner believes a model call takes 2 s: no check can finish within 0.5 s.
    scorer.combiner.call_seconds = 2.0
    client = app.test_client()
    for path, payload in (
        ("/api/v1/check", article),
        ("/api/v1/check/batch", {"items": [article, article]}),
    ):
        response = client.post(path, json=payload)
        assert response.status_code == 503
        assert response.mimetype == "application/problem+json"
        assert "overloaded" in response.get_json()["detail"]
        assert int(response.headers["Retry-After"]) == 2
    # A cached answer needs no model work, so it is served even now.
    scorer.combiner.call_seconds = 0.01
    assert client.post("/api/v1/check", json=article).status_code == 200
    scorer.combiner.call_seconds = 2.0
    assert client.post("/api/v1/check", json=article).status_code == 200


def test_the_deadline_counts_from_nginx_stamp_only_behind_a_proxy(make_app, article):
    stale = {"X-Request-Start": f"t={time.time() - 10:.3f}"}  # queued 10 s in front
    behind = make_app(PROXY_COUNT=1, CHECK_DEADLINE=4.0).test_client()
    response = behind.post("/api/v1/check", json=article, headers=stale)
    assert response.status_code == 503
    direct = make_app(CHECK_DEADLINE=4.0).test_client()  # no proxy: the header is not trusted
    assert direct.post("/api/v1/check", json=article, headers=stale).status_code == 200
