"""The after-action digest: one SHA-256 over the body hashes in seq order, as the page states."""

from __future__ import annotations

import hashlib

import pandas as pd

from dashboard.rules.digest import DIGEST_RULE, report_digest


def test_aar010_the_digest_follows_the_stated_rule_whatever_the_row_order() -> None:
    hashes = [hashlib.sha256(text.encode()).hexdigest() for text in ("a", "b", "c")]
    events = pd.DataFrame({"seq": [7, 3, 12], "body_hash": [hashes[1], hashes[0], hashes[2]]})
    # Written out by hand: seq 3, 7, 12 → hashes a, b, c, each line ending in a newline.
    expected = hashlib.sha256(f"{hashes[0]}\n{hashes[1]}\n{hashes[2]}\n".encode()).hexdigest()
    assert report_digest(events) == expected
    assert report_digest(events.iloc[::-1]) == expected
    assert "in seq order" in DIGEST_RULE and "newline" in DIGEST_RULE


def test_aar011_any_change_of_an_event_or_its_place_changes_the_digest() -> None:
    events = pd.DataFrame({"seq": [1, 2], "body_hash": ["0" * 64, "f" * 64]})
    base = report_digest(events)
    assert report_digest(events.assign(body_hash=["0" * 64, "e" * 64])) != base
    assert report_digest(events.assign(seq=[2, 1])) != base
    assert report_digest(events.iloc[:1]) != base
    empty = pd.DataFrame({"seq": [], "body_hash": []})
    assert report_digest(empty) == hashlib.sha256(b"").hexdigest()
