"""Licensing use cases: each takes a unit of work and plain values, returns plain values."""
