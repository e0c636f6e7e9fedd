"""The operations view's read model: the live picture, its notice, through one view filter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from dashboard.domain import OUTSIDE
from dashboard.read.picture import any_between
from dashboard.read.tracking import alarm_text, current_notice, current_tracks
from dashboard.rules.filters import ViewFilter
from dashboard.runtime import Runtime


def live_incidents(rt: Runtime, now: datetime) -> pd.DataFrame:
    """Return the live picture as of `now`, with alarm text, notice state and notice alarm.

    The picture drops expired incidents when it next syncs; this cut is exact meanwhile.
    """
    return decorate(rt, rt.picture.incidents, now)


def decorate(rt: Runtime, incidents: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """Return those of the given picture rows still live at `now`, with what views show.

    Alarm text, notice state and notice alarm, and names in place of ids. Costs what it
    is given: a tick passes only the incidents that changed.
    """
    live = (incidents["status"] != "closed") | (
        incidents["updated_at"] >= pd.Timestamp(rt.picture.live_since(now))
    )
    incidents = incidents[live.to_numpy()]
    text = alarm_text(rt)
    notice = current_notice(rt, now).reindex(incidents["id"])
    ref = rt.reference()
    names = ref.agency_names
    city = incidents["city"]
    return incidents.assign(
        # object dtype first: with no incidents the map is an empty float column.
        alarm=incidents["id"].map(text).astype(object).fillna("").to_numpy(),
        notice=notice["notice"].to_numpy(),
        notice_alarm=notice["alarm"].fillna(False).astype(bool).to_numpy(),
        # What the map's hover shows a person: names, not ids.
        # An empty city means the point lies outside every jurisdiction.
        city_name=city.map(ref.city_names)
        .astype(object)
        .fillna(city)
        .replace("", OUTSIDE)
        .to_numpy(),
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


def id_hashes(ids: Any) -> np.ndarray:
    """Return a 64-bit hash per id; pandas' hash is keyed by a fixed constant (same everywhere)."""
    return pd.util.hash_array(np.asarray(pd.Series(ids, dtype=object).astype(str), dtype=object))


def xor(hashes: np.ndarray) -> int:
    """Return the order-free digest of a set of hashes (one id in or out is one xor)."""
    return int(np.bitwise_xor.reduce(hashes)) if len(hashes) else 0


def ids_digest(ids: pd.Series) -> str:
    """Return an order-free digest of a set of incident ids: what a client's map holds."""
    return f"{xor(id_hashes(ids)):016x}"


def may_have_expired(rt: Runtime, view: ViewFilter, since: float, now: datetime) -> bool:
    """Tell whether time alone may have taken an incident out of the view (no SQL)."""
    start = datetime.fromtimestamp(since, UTC)
    if rt.picture.expired_between(start, now):
        return True
    if view.window_h is None:
        return False
    window = timedelta(hours=view.window_h)
    _closed, every = rt.picture.last_times()
    return any_between(every, start - window, now - window)
