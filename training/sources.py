"""Turn the data options shared by ``train`` and ``evaluate`` into pairs."""

import hashlib

from .data import Pair, load_fnc, load_labelled


def add_data_arguments(parser, *, required_label: str) -> None:
    group = parser.add_argument_group(f"data ({required_label})")
    group.add_argument("--stances", help="FNC-1 stances CSV (Headline, Body ID, Stance)")
    group.add_argument("--bodies", help="FNC-1 bodies CSV (Body ID, articleBody)")
    group.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE",
        help="JSONL or CSV with headline, body, stance (may be repeated)",
    )


def body_key(pair: Pair) -> str:
    """Pairs from JSONL/CSV have no Body ID: the body's hash groups them the same way."""
    if pair.body_id is not None:
        return pair.body_id
    return "sha256:" + hashlib.sha256(pair.body.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def load_pairs(args, parser) -> tuple[list[Pair], list[str]]:
    """All pairs named by the options, with their source files; a usage error if none are."""
    if bool(args.stances) != bool(args.bodies):
        parser.error("--stances and --bodies go together")
    if not args.stances and not args.data:
        parser.error("give --stances and --bodies, or --data FILE")
    pairs, files = [], []
    if args.stances:
        pairs += load_fnc(args.stances, args.bodies)
        files += [args.stances, args.bodies]
    pairs = [Pair(p.headline, p.body, p.stance, body_key(p)) for p in pairs]
    pairs += labelled_files(args.data)
    return pairs, files + list(args.data)


def labelled_files(paths) -> list[Pair]:
    """Pairs of JSONL/CSV files, keyed by body: Body IDs prefixed by file, so two files' "1"s
    stay different bodies, and pairs without one keyed by their body's hash."""
    pairs = []
    for path in paths:
        pairs += [
            Pair(p.headline, p.body, p.stance, f"{path}:{p.body_id}" if p.body_id else None)
            for p in load_labelled(path)
        ]
    return [Pair(p.headline, p.body, p.stance, body_key(p)) for p in pairs]
