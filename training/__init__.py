"""Headline Check's model: data, features, the fitted pipeline and the reader-facing verdict."""

from .blas import prefer_avx512_kernels

# Before any module of the package imports numpy (and with it OpenBLAS): see training/blas.py.
prefer_avx512_kernels()
