"""The jobs service's use cases: each takes a unit of work and plain values, returns plain values."""
