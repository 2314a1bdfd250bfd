"""OpenBLAS's kernels: AVX-512 where the processor has it, the user's choice always kept."""

import os
import subprocess
import sys

import pytest

from training import blas

FLAGS = "fpu sse2 avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512vbmi"


def cpuinfo(tmp_path, flags: str):
    path = tmp_path / "cpuinfo"
    path.write_text(f"processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: {flags}\n\n")
    return str(path)


def test_avx512_processor_gets_the_avx512_kernels(tmp_path):
    environ = {}
    assert blas.prefer_avx512_kernels(environ, cpuinfo(tmp_path, FLAGS)) == "SkylakeX"
    assert environ == {"OPENBLAS_CORETYPE": "SkylakeX"}


def test_the_users_core_type_is_kept(tmp_path):
    environ = {"OPENBLAS_CORETYPE": "Haswell"}
    assert blas.prefer_avx512_kernels(environ, cpuinfo(tmp_path, FLAGS)) is None
    assert environ == {"OPENBLAS_CORETYPE": "Haswell"}


@pytest.mark.parametrize(
    "flags",
    [
        "fpu sse2 avx2 fma",  # no AVX-512 at all
        "fpu sse2 avx2 fma avx512f avx512cd",  # a first AVX-512 generation without BW/DQ/VL
    ],
)
def test_processor_without_every_avx512_subset_is_left_alone(tmp_path, flags):
    environ = {}
    assert blas.prefer_avx512_kernels(environ, cpuinfo(tmp_path, flags)) is None
    assert environ == {}


def test_unreadable_cpuinfo_sets_nothing(tmp_path):
    environ = {}
    assert blas.prefer_avx512_kernels(environ, str(tmp_path / "missing")) is None
    assert environ == {}


@pytest.mark.skipif(
    not blas.cpu_flags() >= blas.AVX512_FLAGS, reason="this processor has no AVX-512"
)
def test_importing_training_first_makes_numpy_load_the_avx512_kernels():
    """The real thing, in a fresh process: the package is imported, then numpy, as in the CLI."""
    script = (
        "import training, numpy\n"
        "from threadpoolctl import threadpool_info\n"
        "print(threadpool_info()[0]['architecture'])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "SkylakeX"
