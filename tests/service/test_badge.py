"""The badge every client shows, decided from the checker's result."""

import re

import pytest

from service.badge import badge_for


@pytest.mark.parametrize(
    ("result", "level", "text"),
    [
        ({"verdict": "mismatch", "warning": "mismatch"}, "danger", "!"),
        ({"verdict": "contradicted", "warning": "contradicted"}, "warning", "!?"),
        ({"verdict": "consistent", "warning": None}, "ok", "OK"),
        ({"verdict": "mismatch", "warning": None}, "none", ""),
        ({"verdict": "unknown", "reason": "too_short", "warning": None}, "none", ""),
        ({"verdict": "unknown", "reason": "low_confidence", "warning": None}, "none", ""),
        ({"verdict": "unknown", "reason": "something_new", "warning": None}, "none", ""),
    ],
)
def test_badge_levels(result, level, text):
    badge = badge_for(result)
    assert (badge["level"], badge["text"]) == (level, text)
    assert len(badge["text"]) <= 4
    assert re.fullmatch(r"#[0-9a-f]{6}", badge["color"])
    assert badge["title"].endswith(".") and len(badge["title"]) < 80


@pytest.mark.parametrize("reason", ["empty", "too_short", "no_letters", "not_english"])
def test_unknown_pages_say_why(reason):
    assert (
        badge_for({"verdict": "unknown", "reason": reason})["title"]
        != badge_for({"verdict": "unknown", "reason": None})["title"]
    )


def test_reasons_cover_the_checkers():
    from service.badge import UNKNOWN_TITLES
    from training.verdict import EXPLANATIONS

    reasons = set(EXPLANATIONS) - {"mismatch", "contradicted", "agree", "discuss"}
    assert reasons <= set(UNKNOWN_TITLES)
