"""Mined same-topic negatives: the closest body of another claim, but never a body whose own
claim is a paraphrase of the headline (a near-duplicate claim is the same story)."""

from training import same_topic
from training.data import Pair
from training.encoder import load_encoder

HEADLINE = "Storm damage shuts Kingsport harbour bridge for two weeks"
STORY = (
    "Engineers closed the Kingsport harbour bridge on Monday after a storm damaged two cables. "
    "The council said repairs would take two weeks."
)
# Another claim in the data, but the same story told under other words.
TWIN_HEADLINE = "Kingsport harbour bridge closed for a fortnight after storm damage"
TWIN_STORY = (
    "The storm on Sunday night damaged the cables of the Kingsport harbour bridge, which will "
    "stay shut for two weeks while engineers repair it."
)
# A different story on the same topic: the negative a reader needs the model to learn.
OTHER_HEADLINE = "Council approves crossing charge to fund road repairs"
OTHER_STORY = (
    "Kingsport council voted on Tuesday to charge a toll on the harbour bridge from next year. "
    "Drivers will pay two pounds a crossing."
)
UNRELATED_HEADLINE = "Chess club wins the county league"
UNRELATED_STORY = "The Kingsport chess club won the county league on Saturday."


def pairs():
    return [
        Pair(HEADLINE, STORY, "discuss", "1"),
        Pair(TWIN_HEADLINE, TWIN_STORY, "agree", "2"),
        Pair(OTHER_HEADLINE, OTHER_STORY, "agree", "3"),
        Pair(UNRELATED_HEADLINE, UNRELATED_STORY, "agree", "4"),
    ]


def mined_bodies(mined, headline):
    return [p.body for p in mined if p.headline == headline]


def test_without_filter_the_closest_other_claim_is_taken_even_a_twin():
    mined = same_topic.mine(pairs(), per_headline=1)
    assert all(p.stance == "unrelated" for p in mined)
    assert mined_bodies(mined, HEADLINE) == [TWIN_STORY]


def test_paraphrase_filter_skips_the_twin_and_takes_the_next_story():
    paraphrases = same_topic.ParaphraseFilter(load_encoder())
    mined = same_topic.mine(pairs(), per_headline=1, paraphrases=paraphrases)
    assert mined_bodies(mined, HEADLINE) == [OTHER_STORY]
    assert mined_bodies(mined, TWIN_HEADLINE) == [OTHER_STORY]
    # a pair the data already hold is never mined again
    assert not {(p.headline, p.body) for p in mined} & {(p.headline, p.body) for p in pairs()}


def test_paraphrase_threshold_separates_a_twin_from_another_story():
    paraphrases = same_topic.ParaphraseFilter(load_encoder())
    assert paraphrases.any_paraphrase(HEADLINE, [UNRELATED_HEADLINE, TWIN_HEADLINE])
    assert not paraphrases.any_paraphrase(HEADLINE, [OTHER_HEADLINE, UNRELATED_HEADLINE])
    assert not paraphrases.any_paraphrase(HEADLINE, [])
    strict = same_topic.ParaphraseFilter(load_encoder(), threshold=1.01)
    assert not strict.any_paraphrase(HEADLINE, [TWIN_HEADLINE])
