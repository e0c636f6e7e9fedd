"""The operations view's read model: the live picture, its notice, through one view filter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from dashboard.read.tracking import current_notice, current_tracks, with_alarms
from dashboard.reference.locality import OUTSIDE
from dashboard.rules.filters import ViewFilter
from dashboard.runtime import Runtime


def live_incidents(rt: Runtime, now: datetime) -> pd.DataFrame:
    """Return the live picture as of `now`, with alarm text, notice state and notice alarm.

    The picture drops expired incidents when it next syncs; this cut is exact meanwhile.
    """
    incidents = rt.picture.incidents
    live = (incidents["status"] != "closed") | (
        incidents["updated_at"] >= pd.Timestamp(rt.picture.live_since(now))
    )
    incidents = with_alarms(rt, incidents[live.to_numpy()])
    notice = current_notice(rt, now).reindex(incidents["id"])
    ref = rt.reference()
    names = ref.agency_names
    return incidents.assign(
        notice=notice["notice"].to_numpy(),
        notice_alarm=notice["alarm"].fillna(False).astype(bool).to_numpy(),
        # What the map's hover shows a person: names, not ids.
        city_name=incidents["city"].map(lambda c: ref.city_names.get(c, c) or OUTSIDE).to_numpy(),
        notified_names=[[names.get(a, a) for a in n] for n in incidents["notified"]],
    )


def view_incidents(rt: Runtime, view: ViewFilter, now: datetime) -> pd.DataFrame:
    """Return the live incidents the view's filter keeps (what its map draws)."""
    incidents = live_incidents(rt, now)
    notice = current_notice(rt, now)
    tracks = current_tracks(rt)
    return view.apply(incidents, notice, now, tracks[["incident_id", "agency_id"]])


def listed(incidents: pd.DataFrame, lasso: dict | None) -> pd.DataFrame:
    """Narrow the map's incidents to a lasso or box selection (list and tiles follow it)."""
    if not isinstance(lasso, dict) or not isinstance(lasso.get("points"), list):
        return incidents
    picked = {p.get("customdata") for p in lasso["points"] if isinstance(p, dict)}
    return incidents[incidents["id"].isin(picked)]


def ids_digest(ids: pd.Series) -> str:
    """Return an order-free digest of a set of incident ids: what a client's map holds.

    pandas' hash is keyed by a fixed constant, so every process gives the same digest.
    """
    hashed = pd.util.hash_pandas_object(pd.Series(ids, dtype=object).astype(str), index=False)
    total = int(np.bitwise_xor.reduce(hashed.to_numpy())) if len(hashed) else 0
    return f"{total:016x}"


def may_have_expired(rt: Runtime, view: ViewFilter, since: float, now: datetime) -> bool:
    """Tell whether time alone may have taken an incident out of the view (no SQL)."""
    start = datetime.fromtimestamp(since, UTC)
    if rt.picture.expired_between(start, now):
        return True
    if view.window_h is None:
        return False
    window = timedelta(hours=view.window_h)
    last = rt.picture.incidents["updated_at"]
    return bool(
        ((last >= pd.Timestamp(start - window)) & (last < pd.Timestamp(now - window))).any()
    )
