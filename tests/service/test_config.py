"""Defaults, then HEADLINE_CHECK_* environment variables, then the test mapping."""

import pytest

from service.config import DEFAULTS, from_env


def test_env_values_are_parsed_by_the_defaults_type():
    env = {
        "HEADLINE_CHECK_PORT": "9000",
        "HEADLINE_CHECK_MAX_BODY_CHARS": "50_000",
        "HEADLINE_CHECK_RATELIMIT_ENABLED": "off",
        "HEADLINE_CHECK_CORS_ORIGINS": "https://a.example, https://b.example,",
        "HEADLINE_CHECK_API_KEY": "12345",
        "HEADLINE_CHECK_THRESHOLDS": '{"normal": {"unrelated": 0.9}}',
        "HEADLINE_CHECK_DATABASE": "",
        "OTHER": "ignored",
    }
    assert from_env(env) == {
        "PORT": 9000,
        "MAX_BODY_CHARS": 50_000,
        "RATELIMIT_ENABLED": False,
        "CORS_ORIGINS": ["https://a.example", "https://b.example"],
        "API_KEY": "12345",
        "THRESHOLDS": {"normal": {"unrelated": 0.9}},
        "DATABASE": None,
    }


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("PORT", "eighty"),
        ("RATELIMIT_ENABLED", "maybe"),
        ("THRESHOLDS", "[1]"),
        ("THRESHOLDS", "{bad"),
    ],
)
def test_bad_env_values_name_the_variable(key, value):
    with pytest.raises(ValueError, match=f"HEADLINE_CHECK_{key}"):
        from_env({f"HEADLINE_CHECK_{key}": value})


def test_documented_defaults():
    assert DEFAULTS["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    assert DEFAULTS["MAX_BODY_CHARS"] == 100_000
    assert DEFAULTS["BATCH_MAX"] == 64
    assert (DEFAULTS["HOST"], DEFAULTS["PORT"]) == ("127.0.0.1", 8000)


def test_env_overrides_defaults_and_test_config_overrides_env(make_app, monkeypatch):
    monkeypatch.setenv("HEADLINE_CHECK_BATCH_MAX", "10")
    monkeypatch.setenv("HEADLINE_CHECK_MAX_CONTENT_LENGTH", "4096")
    app = make_app(BATCH_MAX=3)
    assert app.config["BATCH_MAX"] == 3
    assert app.config["MAX_CONTENT_LENGTH"] == 4096
    assert app.config["MAX_BODY_CHARS"] == 100_000
