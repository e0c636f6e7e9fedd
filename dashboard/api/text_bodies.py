"""How the document describes the two text bodies, CSV and CAP, from the readers' own rules."""

from __future__ import annotations

import re
from typing import Any

from dashboard.ingest.cap import NS
from dashboard.ingest.csv_reader import COLUMNS, REQUIRED

_COLUMN = "|".join(re.escape(c) for c in COLUMNS)
# A header of known columns, then at least one row. A pattern that also demanded the
# required columns (in any order) would need lookaheads, which generators cannot satisfy
# without discarding nearly everything; the description names them instead.
CSV_PATTERN = rf"^\ufeff?({_COLUMN})(,({_COLUMN}))*\r?\n[^\n]"
CSV_BODY: dict[str, Any] = {
    "type": "string",
    "pattern": CSV_PATTERN,
    "description": (
        "UTF-8 CSV, all or nothing. The header names columns among "
        f"{', '.join(COLUMNS)}; it must name {', '.join(REQUIRED)}. Each row is one event "
        "as POST /events takes it (an empty cell is absent; incident columns fill "
        "`incident`, channel/by/text fill `data`). Problems are reported per line, e.g. "
        "`line 4.lat`."
    ),
    "examples": [
        "source,event_id,type,occurred_at,incident_id,agency,channel\n"
        "lapd-cad,c2,notification.sent,2026-06-06T16:30:00Z,csv-1,lapd,radio\n"
    ],
}
CAP_BODY: dict[str, Any] = {
    "type": "string",
    "pattern": rf"<alert\b[^>]*\bxmlns\s*=\s*[\"']{re.escape(NS)}[\"']",
    "description": (
        f"One OASIS CAP 1.2 <alert> in namespace {NS}, without a DTD. It needs identifier, "
        "sender (the source), sent (an RFC 3339 date-time), msgType Alert, Update or "
        "Cancel (Update and Cancel name the alert they follow in <references>), and for "
        "Alert and Update an <info> whose first <area> has a <circle> or <polygon> near a "
        "known city. An info <parameter> headsup:kind sets the kind."
    ),
}
