"""Headline Check's model: data, features, the fitted pipeline and the reader-facing verdict."""
