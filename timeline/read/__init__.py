"""Readers: text to data with the line and column of every value (YAML, JSON, JSON Lines),
and from there to a checked ``Timeline``."""
