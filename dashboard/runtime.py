"""What a running app holds: config, store, the in-memory picture and the query cache."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from flask import current_app
from flask_caching import Cache

from dashboard.config import Config
from dashboard.read.picture import Picture
from dashboard.store import Store, queries
from dashboard.store.members import members_frame

EXTENSION = "headsup"


@dataclass
class Runtime:
    """The app's shared state, one per process, found through `runtime()`."""

    config: Config
    store: Store
    picture: Picture
    cache: Cache
    background: list[Any] = field(default_factory=list)

    def agencies(self) -> pd.DataFrame:
        """Return the agencies, cached briefly: they change rarely."""
        return self._cached("agencies", queries.agencies_frame)

    def jurisdictions(self) -> pd.DataFrame:
        """Return the jurisdictions, cached briefly."""
        return self._cached("jurisdictions", queries.jurisdictions_frame)

    def members(self) -> pd.DataFrame:
        """Return which agencies belong to which city, cached briefly."""
        return self._cached("members", members_frame)

    def local_agency_ids(self) -> set[str]:
        """Return the ids of agencies that are local to some jurisdiction."""
        df = self.agencies()
        return set(df.loc[df["local"].astype(bool), "id"])

    def city_names(self) -> dict[str, str]:
        """Return jurisdiction id to display name."""
        df = self.jurisdictions()
        return dict(zip(df["id"], df["name"], strict=True))

    def city_zones(self) -> dict[str, str]:
        """Return jurisdiction id to time zone name."""
        df = self.jurisdictions()
        return dict(zip(df["id"], df["tz"], strict=True))

    def city_tz(self, city: str) -> str:
        """Return a city's time zone name, UTC when unknown."""
        df = self.jurisdictions()
        match = df.loc[df["id"] == city, "tz"]
        return str(match.iloc[0]) if len(match) else "UTC"

    def _cached(self, key: str, query: Any) -> pd.DataFrame:
        value = self.cache.get(key)
        if value is None:
            with self.store.engine.connect() as conn:
                value = query(conn)
            self.cache.set(key, value, timeout=30)
        return value

    def stop(self) -> None:
        """Stop background threads and release the database."""
        for worker in self.background:
            worker.stop()
        self.store.close()


def runtime() -> Runtime:
    """Return the runtime of the app serving the current request."""
    return current_app.extensions[EXTENSION]
