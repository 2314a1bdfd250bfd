"""What every client shows for a check: decided once, here, from the checker's result."""

COLORS = {"ok": "#188038", "warning": "#b06000", "danger": "#c5221f", "none": "#5f6368"}

UNKNOWN_TITLES = {
    "empty": "There is no article text to check.",
    "too_short": "The article is too short to judge.",
    "no_letters": "The page has no words to judge.",
    "not_english": "Only English pages can be judged.",
    "low_confidence": "The check is not sure about this page.",
}


def _badge(level: str, text: str, title: str) -> dict[str, str]:
    return {"level": level, "text": text, "color": COLORS[level], "title": title}


def badge_for(result: dict) -> dict[str, str]:
    """Map a checker result to {"level", "text" (<= 4 chars), "color", "title"}.

    Warnings come only from the checker's ``warning``, which is set only when the model is
    confident enough for the requested sensitivity; an unconfident mismatch shows no badge.
    """
    warning = result.get("warning")
    if warning == "mismatch":
        return _badge("danger", "!", "The headline does not match the article below it.")
    if warning == "contradicted":
        return _badge("warning", "!?", "The article disputes its own headline.")
    verdict = result.get("verdict")
    if verdict == "consistent":
        return _badge("ok", "OK", "The headline matches the article.")
    if verdict in {"mismatch", "contradicted"}:
        return _badge("none", "", "Not confident enough to warn about this page.")
    title = UNKNOWN_TITLES.get(result.get("reason") or "", "This page cannot be judged.")
    return _badge("none", "", title)
