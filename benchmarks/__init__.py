"""Benchmarks: each prints a ratio or figure against a reference measured in the same process."""
