"""The LRU result cache and its keys."""

import copy

from service.cache import LRUCache, content_key, sha256_parts


def test_lru_forgets_the_least_recently_used():
    cache = LRUCache(2)
    cache.put("a", {"n": 1})
    cache.put("b", {"n": 2})
    assert cache.get("a") == {"n": 1}  # a is now the most recent
    cache.put("c", {"n": 3})
    assert cache.get("b") is None
    assert cache.get("a") and cache.get("c")
    assert len(cache) == 2
    assert (cache.hits, cache.misses) == (3, 1)


def test_size_zero_caches_nothing():
    cache = LRUCache(0)
    cache.put("a", {})
    assert cache.get("a") is None


def test_keys_separate_model_versions_fields_and_sensitivities():
    base = content_key("v1", "ab", "c", "normal")
    assert base.startswith("v1:")
    assert base == content_key("v1", "ab", "c", "normal")
    others = {
        content_key("v2", "ab", "c", "normal"),
        content_key("v1", "a", "bc", "normal"),
        content_key("v1", "ab", "c", "high"),
    }
    assert base not in others and len(others) == 3
    assert len(sha256_parts("\ud800")) == 64  # lone surrogates hash too


def test_repeats_are_answered_from_the_cache(client, article):
    first = client.post("/api/v1/check", json=article).get_json()
    second = client.post("/api/v1/check", json=article).get_json()
    assert (first["cached"], second["cached"]) == (False, True)
    strip = lambda r: {k: v for k, v in r.items() if k not in {"cached", "elapsed_ms"}}  # noqa: E731
    assert strip(first) == strip(second)
    high = client.post("/api/v1/check", json={**article, "sensitivity": "high"}).get_json()
    assert high["cached"] is False


def test_cache_can_be_turned_off(make_app, article):
    client = make_app(CACHE_SIZE=0).test_client()
    client.post("/api/v1/check", json=article)
    assert client.post("/api/v1/check", json=article).get_json()["cached"] is False


def test_the_cache_scope_follows_the_model_file_and_the_settings(checker, monkeypatch):
    from service.scoring import cache_scope, with_thresholds
    from training import verdict

    scope = cache_scope(checker)
    assert scope.startswith(f"{checker.version}:") and scope == cache_scope(checker)
    assert cache_scope(with_thresholds(checker, {"high": {"disagree": 0.5}})) != scope
    other_file = copy.copy(checker)
    other_file.card = {**checker.card, "sha256": "0" * 64}
    assert cache_scope(other_file) != scope
    monkeypatch.setitem(verdict.STORY_CUTOFFS, "normal", (0.3, 0.3))
    assert cache_scope(checker) != scope
