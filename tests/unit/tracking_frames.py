"""Small hand-made frames for the tracking rules: claims, incidents and memberships."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from tests.factories import at


def claims(*rows: tuple[str, str, str, str, float | datetime]) -> pd.DataFrame:
    """Build claims from (incident, agency, step, source, minutes after T0 or a datetime)."""
    df = pd.DataFrame(
        [
            {
                "incident_id": i,
                "agency_id": a,
                "step": s,
                "source": src,
                "occurred_at": t if isinstance(t, datetime) else at(t),
            }
            for i, a, s, src, t in rows
        ],
        columns=["incident_id", "agency_id", "step", "source", "occurred_at"],
    )
    df["occurred_at"] = pd.to_datetime(df["occurred_at"], utc=True)
    return df


def incidents(*rows: tuple) -> pd.DataFrame:
    """Build incidents from (id, city, kind, status, start minutes or datetime)."""
    df = pd.DataFrame(
        [
            {
                "id": i,
                "city": c,
                "kind": k,
                "status": st,
                "started_at": t if isinstance(t, datetime) else at(t),
            }
            for i, c, k, st, t in rows
        ],
        columns=["id", "city", "kind", "status", "started_at"],
    )
    df["started_at"] = pd.to_datetime(df["started_at"], utc=True)
    return df


def members(*pairs: tuple[str, str]) -> pd.DataFrame:
    """Build memberships from (city, agency) pairs."""
    return pd.DataFrame(
        [{"jurisdiction_id": c, "agency_id": a, "added_at": at(0)} for c, a in pairs],
        columns=["jurisdiction_id", "agency_id", "added_at"],
    )
