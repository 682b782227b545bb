"""Benchmarks (never part of `make test`): reminder sweep, page timings, load."""
