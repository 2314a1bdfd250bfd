"""POST /api/v1/check and /api/v1/check/batch with the real model."""

import json

import pytest

PROBLEM = "application/problem+json"
VERDICTS = {"mismatch", "contradicted", "consistent", "unknown"}


def post_raw(client, data, content_type="application/json", path="/api/v1/check"):
    return client.post(path, data=data, content_type=content_type)


def test_honest_article_is_consistent_with_ok_badge(client, article):
    response = client.post("/api/v1/check", json=article)
    assert response.status_code == 200
    result = response.get_json()
    assert result["verdict"] == "consistent"
    assert result["matches"] is True
    assert result["stance"] in {"agree", "discuss"}
    assert result["badge"]["level"] == "ok"
    assert result["warning"] is None
    assert set(result["probabilities"]) == {"agree", "disagree", "discuss", "unrelated"}
    assert abs(sum(result["probabilities"].values()) - 1) < 1e-3
    assert 0 <= result["confidence"] <= 1
    assert result["explanation"].endswith(".")
    assert result["evidence"] and "bike lanes" in result["evidence"][0]["sentence"]
    assert result["model"]["version"]
    assert result["truncated"] is False
    assert result["elapsed_ms"] >= 0


def test_seed_page_is_a_mismatch_with_a_warning_badge(client, seed_page):
    response = client.post(
        "/api/v1/check", json={"title": seed_page["title"], "body": seed_page["body"]}
    )
    result = response.get_json()
    assert response.status_code == 200
    assert result["verdict"] == "mismatch"
    assert result["stance"] == "unrelated"
    assert result["matches"] is False
    assert result["badge"]["level"] in {"danger", "warning"}
    assert 1 <= len(result["badge"]["text"]) <= 4


def test_sensitivity_is_echoed_and_defaults_from_config(make_app, article):
    client = make_app(DEFAULT_SENSITIVITY="high").test_client()
    assert client.post("/api/v1/check", json=article).get_json()["sensitivity"] == "high"
    low = client.post("/api/v1/check", json={**article, "sensitivity": "low"}).get_json()
    assert low["sensitivity"] == "low"


def test_short_body_is_unknown_with_a_reason(client):
    result = client.post("/api/v1/check", json={"title": "Big news today", "body": "Yes."})
    assert result.status_code == 200
    body = result.get_json()
    assert (body["verdict"], body["reason"], body["stance"]) == ("unknown", "too_short", None)
    assert body["badge"]["level"] == "none"


def test_long_body_is_cut_scored_and_flagged(make_app, article):
    client = make_app(MAX_BODY_CHARS=500).test_client()
    long = {**article, "body": article["body"] * 20}
    result = client.post("/api/v1/check", json=long).get_json()
    assert result["truncated"] is True
    assert result["verdict"] == "consistent"
    assert client.post("/api/v1/check", json=article).get_json()["truncated"] is True
    default = make_app().test_client().post("/api/v1/check", json=long).get_json()
    assert default["truncated"] is False


def test_unknown_fields_and_url_are_accepted(client, article):
    extra = {**article, "url": "https://news.example/a?x=1", "lang": "en"}
    assert client.post("/api/v1/check", json=extra).status_code == 200


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"body": "text"}, "title", "is required"),
        ({"title": "text"}, "body", "is required"),
        ({"title": None, "body": "text"}, "title", "is required"),
        ({"title": 5, "body": "text"}, "title", "must be a string"),
        ({"title": "t", "body": ["a"]}, "body", "must be a string"),
        ({"title": "t", "body": {"a": 1}}, "body", "must be a string"),
        ({"title": "", "body": "text"}, "title", "must not be empty"),
        ({"title": "text", "body": ""}, "body", "must not be empty"),
        ({"title": "text", "body": " \n\t "}, "body", "must not be empty"),
        ({"title": "t", "body": "b", "sensitivity": "extreme"}, "sensitivity", "must be one of"),
        ({"title": "t", "body": "b", "sensitivity": 1}, "sensitivity", "must be one of"),
        ({"title": "t", "body": "b", "url": 7}, "url", "must be a string"),
        ({"title": "t", "body": "b", "url": "x" * 3000}, "url", "at most"),
        ([1, 2], "request", "must be a JSON object"),
        ("just a string", "request", "must be a JSON object"),
        (None, "request", "must be a JSON object"),
    ],
)
def test_bad_fields_give_422_naming_the_field(client, payload, field, message):
    response = post_raw(client, json.dumps(payload))
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    problem = response.get_json()
    assert problem["status"] == 422
    assert any(e["field"] == field and message in e["message"] for e in problem["errors"])
    assert field in problem["detail"]


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ('{"title": "a", "body": ', "application/json", 400),
        (b"\xff\xfe\x00garbage", "application/json", 400),
        ("[" * 100_000, "application/json", 400),
        ("", "application/json", 400),
        ('{"title": "a", "body": "b"}', "text/plain", 415),
        ('{"title": "a", "body": "b"}', "application/x-www-form-urlencoded", 415),
        ('{"title": "a", "body": "b"}', None, 415),
    ],
)
def test_unreadable_bodies_give_400_or_415(client, data, content_type, status):
    response = post_raw(client, data, content_type)
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    assert response.get_json()["status"] == status


@pytest.mark.parametrize(
    "title",
    [
        "Scientists confirm 🚀 rocket launch went as planned 🎉",
        "الحكومة تعلن عن خطة جديدة للنقل",
        "政府宣布新的交通计划",
        "Control\x00characters\x07in\x1b[31mtitle",
        "Lone surrogate \ud800 in the title",
        "\u202eRight-to-left override headline",
    ],
)
def test_any_unicode_gets_a_defined_answer(client, article, title):
    for body in (article["body"], title * 30):
        response = post_raw(client, json.dumps({"title": title, "body": body}))
        assert response.status_code == 200
        assert response.get_json()["verdict"] in VERDICTS


def test_lone_surrogate_escape_in_raw_json(client, article):
    raw = '{"title": "Council \\udc00 votes", "body": ' + json.dumps(article["body"]) + "}"
    assert post_raw(client, raw).status_code == 200


def test_batch_scores_each_item_and_isolates_bad_ones(client, article):
    items = [article, {"title": "no body"}, 42, {**article, "sensitivity": "low"}]
    response = client.post("/api/v1/check/batch", json={"items": items})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3]
    assert [r["status"] for r in results] == [200, 422, 422, 200]
    assert results[0]["result"]["verdict"] == "consistent"
    assert results[3]["result"]["sensitivity"] == "low"
    assert results[1]["error"]["errors"] == [{"field": "body", "message": "is required"}]
    assert results[2]["error"]["errors"][0]["field"] == "item"


def test_batch_matches_single_checks(client, article):
    single = client.post("/api/v1/check", json=article).get_json()
    batch = client.post("/api/v1/check/batch", json={"items": [article]}).get_json()
    one = batch["results"][0]["result"]
    assert one["probabilities"] == single["probabilities"]
    assert one["badge"] == single["badge"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({}, "must be a list"),
        ({"items": "x"}, "must be a list"),
        ({"items": []}, "must not be empty"),
        ({"items": [{"title": "t", "body": "b"}] * 65}, "at most 64"),
    ],
)
def test_bad_batches_give_422(client, payload, message):
    response = client.post("/api/v1/check/batch", json=payload)
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert message in response.get_json()["errors"][0]["message"]


def test_batch_maximum_is_configurable(make_app, article):
    client = make_app(BATCH_MAX=2).test_client()
    assert client.post("/api/v1/check/batch", json={"items": [article] * 2}).status_code == 200
    assert client.post("/api/v1/check/batch", json={"items": [article] * 3}).status_code == 422
