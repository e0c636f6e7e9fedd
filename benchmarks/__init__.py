"""Benchmarks: each prints its figures beside a naive baseline and writes results JSON."""
