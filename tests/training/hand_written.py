"""The team's hand-written same-topic sets (seeds/same_topic*.jsonl), read and checked one way.

Both files pair two stories per invented topic: each headline over its own body is honest,
over the other story's body it is a swap. The tests of each set share these helpers so the
two sets are held to the same structure and scored by the same bundled model."""

import json
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The hand-written sets the model is evaluated or tuned on: no training file may share their text.
EVALUATION_SETS = (
    "comments_holdout.jsonl",
    "same_topic.jsonl",
    "same_topic_holdout.jsonl",
    "indirect_headlines.jsonl",
    "wordplay_dev.jsonl",
)


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def check_swaps_pair_up(rows: list[dict], n_topics: int) -> None:
    """Two honest stories a topic, and every swap exactly one's headline over the other's body."""
    stories = defaultdict(dict)
    for row in rows:
        if row["kind"] == "honest":
            topic, story = row["id"].split("/")
            stories[topic][story] = (row["headline"], row["body"])
    assert len(stories) == n_topics and all(len(s) == 2 for s in stories.values())
    swaps = [row for row in rows if row["kind"] == "same_topic_swap"]
    assert len(swaps) == 2 * n_topics
    for row in swaps:
        topic, rest = row["id"].split("/")
        own, other = rest.split("-over-")
        assert row["headline"] == stories[topic][own][0]
        assert row["body"] == stories[topic][other][1]
        assert row["stance"] == "unrelated"
    assert {row["stance"] for row in rows if row["kind"] == "honest"} == {"agree"}


def bundled_checker():
    """The bundled model, whatever HEADLINE_CHECK_MODEL says: docs/model.md quotes its figures."""
    from training.checker import Checker
    from training.model_store import DEFAULT_MODEL

    return Checker.load(DEFAULT_MODEL)


def quoted_in_model_md(pattern: str, what: str) -> tuple[str, ...]:
    """The figures docs/model.md quotes for a set, so a test can hold them to the model's."""
    model_md = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    quoted = re.search(pattern, model_md)
    assert quoted, f"docs/model.md no longer quotes {what}"
    return quoted.groups()


def expected_stance(headline_stance: str, body_stance: str) -> str:
    """FNC-1's stance of a body toward a headline, from each one's stance toward the claim."""
    if body_stance == "observing":
        return "discuss"
    return "agree" if headline_stance == body_stance else "disagree"


def shingles(text: str, n: int) -> set[tuple[str, ...]]:
    """Every run of ``n`` words: text shared between two files shows as shared runs."""
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def own_claim_rows(rows: list[dict]) -> dict[str, list[dict]]:
    """A training file's rows of each claim's headlines over that claim's own articles."""
    own = defaultdict(list)
    for row in rows:
        if row["kind"] == "own_claim":
            own[row["claim"]].append(row)
    return own
