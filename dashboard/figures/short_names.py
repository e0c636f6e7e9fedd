"""Agency names short enough for a wall read from 5 m, in the forms people say them.

The reference data holds only full names, so the short form is derived: a police
department by its initials (LAPD, CMPD), a county sheriff by its county and SD or SO
(LASD, CCSO), a mayor's office as "<city> Mayor" (LA Mayor). A name that is already
short, or that no rule fits, stays as it is rather than becoming unreadable initials.
"""

from __future__ import annotations

import re

# Names up to this many characters fit the wall's columns whole.
SHORT_ENOUGH = 18
MINOR_WORDS = {"of", "the", "and", "for", "de", "la"}
MAYOR = re.compile(r"^(?:Office of the Mayor of|Mayor's Office of|Mayor of) (?P<city>.+)$")
MAYORS_OFFICE = re.compile(r"^(?P<city>.+?) Mayor's Office$")
SHERIFF = re.compile(r"^(?P<county>.+?) County Sheriff's (?P<unit>Department|Office)$")


def initials(words: str) -> str:
    """Return the initials of the significant words, hyphenated parts each counting."""
    parts = [p for w in words.split() for p in w.split("-") if p]
    return "".join(p[0].upper() for p in parts if p.lower() not in MINOR_WORDS)


def place_short(place: str) -> str:
    """Shorten a place of several words to its initials (Los Angeles: LA), else keep it."""
    return initials(place) if len(place.split()) > 1 else place


def agency_short(name: str) -> str:
    """Return the short form of an agency's name for the wall: LAPD, LASD, LA Mayor."""
    name = name.strip()
    mayor = MAYOR.match(name) or MAYORS_OFFICE.match(name)
    if mayor:
        return f"{place_short(mayor['city'])} Mayor"
    sheriff = SHERIFF.match(name)
    if sheriff:
        county = sheriff["county"]
        # "Los Angeles County" is LASD; a one-word county keeps its C (Cook: CCSO).
        head = initials(county) if len(county.split()) > 1 else county[0].upper() + "C"
        return head + ("SD" if sheriff["unit"] == "Department" else "SO")
    if len(name) <= SHORT_ENOUGH:
        return name
    words = name.split()
    if words[0].isupper() and len(words) > 1:  # an acronym leads: "ICE Enforcement and ..."
        return f"{words[0]} {initials(' '.join(words[1:]))}"
    if sum(w[:1].isupper() for w in words) > 2:
        return initials(name)
    return name
