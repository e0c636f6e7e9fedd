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
        A time window keeps incidents with an event within it (`updated_at`).
        """
        keep = pd.Series(True, index=incidents.index)
        for column, chosen in (("kind", self.kinds), ("status", self.statuses),
                               ("city", self.cities)):  # fmt: skip
            if chosen:
                keep &= incidents[column].isin(chosen)
        if self.agencies and involved is not None:
            mine = involved.loc[involved["agency_id"].isin(self.agencies), "incident_id"]
            keep &= incidents["id"].isin(set(mine))
        if self.notice and notice is not None:
            state = incidents["id"].map(notice["notice"])
            keep &= incidents["kind"].isin(NOTICE_DUE_KINDS) & state.isin(self.notice)
        if self.window_h is not None and now is not None:
            since = pd.Timestamp(now - timedelta(hours=self.window_h))
            keep &= incidents["updated_at"] >= since
        return incidents[keep.to_numpy()]


def _chosen(value: Any, allowed: Iterable[str] | None = None) -> tuple[str, ...]:
    values = value if isinstance(value, list | tuple) else [value] if value else []
    known = set(allowed) if allowed is not None else None
    return tuple(
        sorted({v for v in values if isinstance(v, str) and (known is None or v in known)})
    )
