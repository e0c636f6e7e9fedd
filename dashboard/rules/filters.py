"""One filter for a whole view: the map, the list and the tiles read the same incidents.

Pure: DataFrames in, DataFrames out. The operations view builds it from its controls; the
wall and the analyst view can build it from their own (a URL, a kiosk's cities).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict

from dashboard.domain import KINDS, NOTICE_DUE_KINDS, STATUSES
from dashboard.rules.notice import NOTICE_STATES

# The time windows a view offers, in hours; None is everything live.
WINDOWS_H: tuple[float | None, ...] = (1.0, 6.0, 24.0, None)


class ViewFilter(BaseModel):
    """What the operator chose to see; an empty choice means no restriction."""

    model_config = ConfigDict(frozen=True)

    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    notice: tuple[str, ...] = ()
    window_h: float | None = None
    # The analyst view's extra choices: a track disputed or not, the sources that claim
    # it, and an explicit time range (an incident with an event within it is kept).
    disputed: bool | None = None
    sources: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None

    @classmethod
    def from_controls(
        cls,
        kinds: Any = None,
        statuses: Any = None,
        cities: Any = None,
        agencies: Any = None,
        notice: Any = None,
        window_h: Any = None,
    ) -> ViewFilter:
        """Build a filter from browser values, dropping what is not a known choice.

        Anyone can post anything to a callback: a stray value narrows nothing.
        """
        return cls(
            kinds=_chosen(kinds, KINDS),
            statuses=_chosen(statuses, STATUSES),
            cities=_chosen(cities),
            agencies=_chosen(agencies),
            notice=_chosen(notice, NOTICE_STATES),
            window_h=float(window_h) if window_h in WINDOWS_H and window_h is not None else None,
        )

    def key(self) -> str:
        """Return a short stable text naming this filter, for a map's uirevision."""
        return self.model_dump_json()

    def apply(
        self,
        incidents: pd.DataFrame,
        notice: pd.DataFrame | None = None,
        now: datetime | None = None,
        involved: pd.DataFrame | None = None,
    ) -> pd.DataFrame:
        """Return the incidents this filter keeps.

        `notice` is `incident_notice(...)` (indexed by id); `involved` pairs
        (incident_id, agency_id) of the agencies concerned (the notification tracks).
        A notice choice keeps operations and staging sites only: protests are not announced.
        A time window keeps incidents with an event within it (`updated_at`). When
        `involved` also has `disputed_steps` and `sources` (tracks), the disputed and
        source choices keep incidents with a track that matches them all.
        """
        keep = pd.Series(True, index=incidents.index)
        for column, chosen in (("kind", self.kinds), ("status", self.statuses),
                               ("city", self.cities)):  # fmt: skip
            if chosen:
                keep &= incidents[column].isin(chosen)
        if self.narrows_tracks() and involved is not None:
            mine = involved.loc[self.track_mask(involved).to_numpy(), "incident_id"]
            keep &= incidents["id"].isin(set(mine))
        if self.notice and notice is not None:
            state = incidents["id"].map(notice["notice"])
            keep &= incidents["kind"].isin(NOTICE_DUE_KINDS) & state.isin(self.notice)
        if self.window_h is not None and now is not None:
            since = pd.Timestamp(now - timedelta(hours=self.window_h))
            keep &= incidents["updated_at"] >= since
        if self.start is not None:
            keep &= incidents["updated_at"] >= pd.Timestamp(self.start)
        if self.end is not None:
            keep &= incidents["reported_at"] <= pd.Timestamp(self.end)
        return incidents[keep.to_numpy()]

    def narrows_tracks(self) -> bool:
        """Tell whether a choice picks agency tracks (agency, disputed, source)."""
        return bool(self.agencies) or self.disputed is not None or bool(self.sources)

    def track_mask(self, tracks: pd.DataFrame) -> pd.Series:
        """Return, per track, whether the agency, disputed and source choices keep it.

        Columns that are absent (plain (incident, agency) pairs) narrow nothing.
        """
        keep = pd.Series(True, index=tracks.index)
        if self.agencies:
            keep &= tracks["agency_id"].isin(self.agencies)
        if self.disputed is not None and "n_disputed" in tracks:
            disputed = tracks["n_disputed"] > 0
            keep &= disputed if self.disputed else ~disputed
        elif self.disputed is not None and "disputed_steps" in tracks:
            disputed = tracks["disputed_steps"].map(lambda steps: len(steps) > 0).astype(bool)
            keep &= disputed if self.disputed else ~disputed
        if self.sources and "sources" in tracks:
            wanted = set(self.sources)
            keep &= tracks["sources"].map(lambda found: bool(wanted.intersection(found)))
        return keep.astype(bool)


def _chosen(value: Any, allowed: Iterable[str] | None = None) -> tuple[str, ...]:
    values = value if isinstance(value, list | tuple) else [value] if value else []
    known = set(allowed) if allowed is not None else None
    return tuple(
        sorted({v for v in values if isinstance(v, str) and (known is None or v in known)})
    )
