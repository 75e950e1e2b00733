"""A tiny library used by Sluice's examples."""

__version__ = "1.2.0"


def add(a, b):
    """Return the sum of a and b."""
    return a + b
