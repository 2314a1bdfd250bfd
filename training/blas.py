"""OpenBLAS's AVX-512 kernels where the processor has them, chosen before numpy loads OpenBLAS.

The sentence encoder's dense layers are nearly all of a check's time (docs/model.md). numpy's
OpenBLAS picks its kernels by processor model when it loads, and on this project's AMD EPYC
machines (AVX-512, "Zen" to OpenBLAS) it picks the AVX2 "Haswell" ones: about 120 GFLOP/s on
one core for the encoder's matrix products, against about 240 with its "SkylakeX" (AVX-512)
kernels. ``OPENBLAS_CORETYPE`` is OpenBLAS's documented override, read once when the library
loads, so it must be set before the first ``import numpy`` of the process; the
``training`` package does it on import (``training/__init__.py``), which comes before numpy in
the CLI, the service and the benchmarks. A value the user set is never changed, and without
every AVX-512 subset those kernels use, nothing is set (they would stop the process with an
illegal instruction).
"""

import os
from collections.abc import MutableMapping

CORETYPE = "OPENBLAS_CORETYPE"
AVX512_CORETYPE = "SkylakeX"
# The instruction subsets OpenBLAS's SkylakeX kernels are compiled for (-march=skylake-avx512).
AVX512_FLAGS = frozenset({"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"})
CPUINFO = "/proc/cpuinfo"


def cpu_flags(cpuinfo: str = CPUINFO) -> frozenset[str]:
    """The first processor's feature flags (Linux), or none when they cannot be read."""
    try:
        with open(cpuinfo, encoding="ascii", errors="replace") as lines:
            for line in lines:
                name, _, value = line.partition(":")
                if name.strip() == "flags":
                    return frozenset(value.split())
    except OSError:
        pass
    return frozenset()


def prefer_avx512_kernels(
    environ: MutableMapping[str, str] = os.environ, cpuinfo: str = CPUINFO
) -> str | None:
    """Set ``OPENBLAS_CORETYPE`` to the AVX-512 kernels when the processor has every subset
    they need and nobody chose a core type; returns the value set, or None."""
    if CORETYPE in environ or not cpu_flags(cpuinfo) >= AVX512_FLAGS:
        return None
    environ[CORETYPE] = AVX512_CORETYPE
    return AVX512_CORETYPE
