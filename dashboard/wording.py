"""Say counts in English: "1 incident", "2 incidents", "1,234 agency tracks"."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """Return `n` with thousands separators and the noun in the number it takes."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
