"""A small labelled stance set, written here, so train and evaluate run without FNC-1.

Shaped like FNC-1 on purpose: each story (claim) has three bodies, one that confirms it, one
that denies it and one that only reports it, and three headlines that state it; a headline
paired with a body of another story is ``unrelated``. Stories of the same kind in three towns
share their vocabulary, as real news does, so relatedness is not a matter of one word.
Everything is seeded: the same files every run.
"""

import csv
import json
import random
from pathlib import Path

# (what happened, headline forms, detail sentences): the sentences name only the event.
EVENTS = [
    (
        "a tiger escaped from the {town} zoo",
        [
            "Tiger escapes from {town} zoo",
            "{town} zoo tiger breaks out of its enclosure",
            "Keepers hunt tiger that escaped {town} zoo",
        ],
        [
            "The tiger was last seen near the enclosure fence before the zoo opened.",
            "Keepers said the animal is a male Sumatran tiger weighing about 120 kilograms.",
            "Visitors were asked to stay inside the cafe while keepers searched the grounds.",
        ],
    ),
    (
        "the {town} harbour bridge will close for repairs",
        [
            "{town} harbour bridge to close for repairs",
            "Repairs will shut {town} harbour bridge",
            "Harbour bridge in {town} closing after cable damage",
        ],
        [
            "Engineers found damaged cables and loose anchor bolts on the bridge.",
            "Traffic would be diverted through the tunnel during the bridge repairs.",
            "The bridge carries about forty thousand vehicles across the harbour each day.",
        ],
    ),
    (
        "a fisherman caught a giant squid off {town}",
        [
            "Fisherman catches giant squid off {town}",
            "Giant squid hauled aboard boat near {town}",
            "{town} trawler lands a giant squid",
        ],
        [
            "The squid measured more than eight metres from its fins to its tentacles.",
            "The fisherman said the squid tangled itself in his nets at dawn.",
            "Marine biologists want to study the squid before it is frozen.",
        ],
    ),
    (
        "the {town} steelworks will shut with the loss of 900 jobs",
        [
            "{town} steelworks to shut, 900 jobs lost",
            "900 jobs go as {town} steel plant closes",
            "Steelworks in {town} announces closure",
        ],
        [
            "The furnaces at the steelworks have run since the plant opened in 1962.",
            "Unions said the steel workers were told of the closure at a short meeting.",
            "The plant's owners blamed high energy prices and cheap imported steel.",
        ],
    ),
    (
        "a meteorite crashed into a garden in {town}",
        [
            "Meteorite crashes into {town} garden",
            "Space rock lands in a garden in {town}",
            "{town} family finds meteorite in their garden",
        ],
        [
            "The meteorite left a crater about a metre wide in the lawn.",
            "Astronomers said the rock was probably a fragment of an asteroid.",
            "Neighbours reported a bright flash and a loud bang in the night sky.",
        ],
    ),
    (
        "the {town} marathon was cancelled because of a heatwave",
        [
            "{town} marathon cancelled in heatwave",
            "Heatwave forces organisers to scrap {town} marathon",
            "No {town} marathon this year as temperatures soar",
        ],
        [
            "Temperatures were forecast to reach 38 degrees on the morning of the race.",
            "About twelve thousand runners had registered for the marathon.",
            "Race organisers said the runners would get their entry fees back.",
        ],
    ),
    (
        "a painting by Vermeer was found in a {town} attic",
        [
            "Lost Vermeer found in {town} attic",
            "{town} attic hides Vermeer painting",
            "Vermeer masterpiece discovered in a {town} house",
        ],
        [
            "The painting shows a woman reading a letter by a window.",
            "Art experts examined the canvas and the pigments in a laboratory.",
            "The owners said the painting had hung in the dark attic for decades.",
        ],
    ),
    (
        "the {town} mayor resigned over an expenses scandal",
        [
            "{town} mayor resigns over expenses",
            "Expenses scandal topples {town} mayor",
            "Mayor of {town} quits after expenses claims",
        ],
        [
            "The mayor had claimed thousands of pounds for hotel rooms and dinners.",
            "Council auditors reviewed the mayor's expenses for the last three years.",
            "An election for a new mayor is expected to take place in the spring.",
        ],
    ),
    (
        "a new species of frog was discovered near {town}",
        [
            "New frog species discovered near {town}",
            "Scientists find unknown frog near {town}",
            "{town} wetland yields a new species of frog",
        ],
        [
            "The frog is bright orange and smaller than a thumbnail.",
            "Researchers recorded the frog's call in the wetland at night.",
            "Genetic tests showed the frog differs from every known species.",
        ],
    ),
    (
        "a power cut left {town} in darkness for two days",
        [
            "Power cut leaves {town} dark for two days",
            "{town} without electricity after blackout",
            "Two-day blackout hits {town}",
        ],
        [
            "A fault at the substation cut electricity to forty thousand homes.",
            "Hospitals in the area ran on generators during the blackout.",
            "Engineers worked through the night to repair the damaged transformer.",
        ],
    ),
]
TOWNS = ["Kingsport", "Ashbury", "Millbrook"]
NAMES = [
    "Maria Lopes",
    "David Okafor",
    "Helen Brandt",
    "Samir Haddad",
    "Grace Whitfield",
    "Tomas Novak",
    "Aisha Rahman",
    "Peter Lindqvist",
]

CONFIRM = [
    "Officials in {town} confirmed on Monday that {claim}.",
    "It is official: {claim}, the authorities announced in a statement.",
]
DENY = [
    "Officials in {town} denied reports that {claim}, calling the story a hoax.",
    "Claims that {claim} are false, the authorities said, rejecting the rumour.",
]
REPORT = [
    "Reports on social media claim that {claim}, but nobody has confirmed the story yet.",
    "According to unverified reports, {claim}, although officials would not comment.",
]
SAID_CONFIRM = (
    '"We can confirm it happened and we are dealing with it," said {name}, a spokesperson.'
)
SAID_DENY = '"There is no truth in this at all, it never happened," said {name}, a spokesperson.'
SAID_REPORT = (
    '"We are aware of the reports and are looking into them," said {name}, a spokesperson.'
)
FILLER = [
    "Local people gathered in the town centre to talk about the news on Tuesday.",
    "The story was shared thousands of times on the internet within a few hours.",
    "The council said it would publish more details later in the week.",
    "Several residents said they had never seen anything like it in the town.",
    "Newspapers and television crews arrived in the town by the afternoon.",
]
OPENINGS = {
    "agree": (CONFIRM, SAID_CONFIRM),
    "disagree": (DENY, SAID_DENY),
    "discuss": (REPORT, SAID_REPORT),
}


def _body(rng: random.Random, stance: str, claim: str, town: str, details: list[str]) -> str:
    openings, said = OPENINGS[stance]
    sentences = [*details, *rng.sample(FILLER, 3), said.format(name=rng.choice(NAMES))]
    if stance == "disagree":
        sentences.append("The authorities asked people not to spread the false story any further.")
    if stance == "discuss":
        sentences.append("It is unclear whether the reports are true or where they began.")
    rng.shuffle(sentences)
    return " ".join([rng.choice(openings).format(town=town, claim=claim), *sentences])


def tiny_pairs(seed: int = 7, unrelated_per_body: int = 3) -> list[dict]:
    """Every pair: headline, body, stance, body_id (30 stories, 90 bodies, 540 pairs)."""
    rng = random.Random(seed)
    stories = []
    for event, (claim, headlines, details) in enumerate(EVENTS):
        for town in TOWNS:
            stories.append(
                {
                    "event": event,
                    "headlines": [h.format(town=town) for h in headlines],
                    "bodies": {
                        stance: _body(rng, stance, claim.format(town=town), town, details)
                        for stance in OPENINGS
                    },
                }
            )
    pairs, body_id = [], 0
    for index, story in enumerate(stories):
        others = [s for i, s in enumerate(stories) if i != index]
        for stance, body in story["bodies"].items():
            body_id += 1
            for headline in story["headlines"]:
                pairs.append(
                    {"headline": headline, "body": body, "stance": stance, "body_id": str(body_id)}
                )
            for other in rng.sample(others, unrelated_per_body):
                pairs.append(
                    {
                        "headline": rng.choice(other["headlines"]),
                        "body": body,
                        "stance": "unrelated",
                        "body_id": str(body_id),
                    }
                )
    return pairs


def write_fnc(directory, seed: int = 7, holdout_share: float = 0.2) -> dict[str, Path]:
    """The pairs as FNC-1 CSVs plus a hold-out Body ID file; returns the three paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    pairs = tiny_pairs(seed)
    bodies = {p["body_id"]: p["body"] for p in pairs}
    paths = {name: directory / f"{name}" for name in ("stances.csv", "bodies.csv", "holdout.txt")}
    with open(paths["stances.csv"], "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Headline", "Body ID", "Stance"])
        writer.writerows([p["headline"], p["body_id"], p["stance"]] for p in pairs)
    with open(paths["bodies.csv"], "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Body ID", "articleBody"])
        writer.writerows(bodies.items())
    held = random.Random(seed).sample(sorted(bodies, key=int), round(len(bodies) * holdout_share))
    paths["holdout.txt"].write_text("\n".join(sorted(held, key=int)) + "\n", encoding="utf-8")
    return paths


def write_jsonl(path, pairs: list[dict]) -> Path:
    """Pairs as the JSONL ``train --data`` reads (without Body IDs, as feedback exports)."""
    path = Path(path)
    path.write_text(
        "".join(
            json.dumps({k: p[k] for k in ("headline", "body", "stance")}) + "\n" for p in pairs
        ),
        encoding="utf-8",
    )
    return path
