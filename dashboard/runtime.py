"""What a running app holds: config, store, the in-memory picture, reference data and memo."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Flask, current_app, g, has_request_context

if TYPE_CHECKING:
    import pandas as pd

    from dashboard.config import Config
    from dashboard.read.memo import Memo
    from dashboard.read.picture import Picture
    from dashboard.read.reference import Reference, References
    from dashboard.store import Store

EXTENSION = "headsup"
_SYNCED = "headsup_picture_synced"


class Runtime:
    """The app's shared state, one per process, found through `runtime()`."""

    def __init__(
        self,
        config: Config,
        store: Store,
        picture: Picture,
        references: References,
        memo: Memo,
        *,
        auto_sync: bool = True,
    ) -> None:
        self.config = config
        self.store = store
        self._picture = picture
        self.references = references
        self.memo = memo
        self.auto_sync = auto_sync
        self.background: list[Any] = []

    @property
    def picture(self) -> Picture:
        """Return the picture, brought up to the latest seq once per request.

        The one place that syncs it: a view that reads the picture cannot forget to. An
        unchanged picture costs one cached integer read, no SQL.
        """
        if self.auto_sync and has_request_context() and not g.get(_SYNCED):
            setattr(g, _SYNCED, True)
            self._picture.sync()
        return self._picture

    def reference(self) -> Reference:
        """Return the reference data in force (agencies, cities, memberships)."""
        return self.references.current()

    def agencies(self) -> pd.DataFrame:
        """Return every agency; shared, so treat it as read-only."""
        return self.reference().agencies

    def jurisdictions(self) -> pd.DataFrame:
        """Return every jurisdiction (city); shared, read-only."""
        return self.reference().jurisdictions

    def members(self) -> pd.DataFrame:
        """Return which agencies belong to which city; shared, read-only."""
        return self.reference().members

    def local_agency_ids(self) -> frozenset[str]:
        """Return the ids of agencies that are local to some jurisdiction."""
        return self.reference().local_agency_ids

    def city_names(self) -> dict[str, str]:
        """Return jurisdiction id to display name."""
        return dict(self.reference().city_names)

    def city_zones(self) -> dict[str, str]:
        """Return jurisdiction id to time zone name."""
        df = self.jurisdictions()
        return dict(zip(df["id"], df["tz"], strict=True))

    def city_tz(self, city: str) -> str:
        """Return a city's time zone name, UTC when unknown."""
        return str(self.reference().city_tz.get(city, "UTC"))

    def stop(self) -> None:
        """Stop background threads and release the database."""
        for worker in self.background:
            worker.stop()
        self.store.close()


def runtime(server: Flask | None = None) -> Runtime:
    """Return the runtime of `server`, or of the app serving the current request."""
    return (server or current_app).extensions[EXTENSION]
