"""The digest of an after-action report: one SHA-256 over the events the report rests on."""

from __future__ import annotations

import hashlib

import pandas as pd

# Stated on the report itself, so anyone holding the events can recompute the digest.
DIGEST_RULE = (
    "SHA-256 (hex) of the UTF-8 text made of each event's body hash, one per line, each "
    "line ending in a newline, in seq order. An event's body hash, stored with the event "
    "and listed below, is the SHA-256 (hex) of its body as the API validated it (source, "
    "event_id, type, occurred_at, incident_id, agency, incident, data; times in UTC, absent "
    "fields left out) written as Python's json.dumps(body, sort_keys=True); when it was "
    "received is not part of it."
)


def report_digest(events: pd.DataFrame) -> str:
    """Return the SHA-256 hex digest over the events' body hashes in seq order (DIGEST_RULE)."""
    ordered = events.sort_values("seq")["body_hash"]
    text = "".join(f"{body_hash}\n" for body_hash in ordered)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
