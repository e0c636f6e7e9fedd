"""Which city a rotating wall shows next: in turn every few seconds, holding on an alarm.

Pure: cities, the city shown, how long it has been shown and which cities have an alarm
in, the city to show out. A wall without rotation (or with one city) shows all at once.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence


def rotating(cities: Sequence[str], rotate_s: int | None) -> bool:
    """Tell whether a wall with these cities and this period rotates at all."""
    return bool(rotate_s) and len(cities) > 1


def next_city(
    cities: Sequence[str],
    shown: str | None,
    shown_for_s: float,
    rotate_s: int,
    alarmed: Collection[str],
) -> str:
    """Return the city to show now.

    A city with an alarm holds the wall until the alarm clears; when another city raises
    one, the wall goes there (the first alarmed city after the one shown, in turn). With
    no alarm the wall moves on to the next city once `rotate_s` seconds have passed.
    """
    if shown is None or shown not in cities:
        alarmed_first = [c for c in cities if c in alarmed]
        return alarmed_first[0] if alarmed_first else cities[0]
    if shown in alarmed:
        return shown
    start = cities.index(shown)
    in_turn = [cities[(start + k) % len(cities)] for k in range(1, len(cities) + 1)]
    for city in in_turn:
        if city in alarmed:
            return city
    return in_turn[0] if shown_for_s >= rotate_s else shown
