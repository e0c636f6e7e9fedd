"""Settings read from the environment, each with a default and help text."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any


def _setting(env: str, default: Any, help_text: str) -> Any:
    return field(default=default, metadata={"env": env, "help": help_text})


@dataclass(frozen=True)
class Config:
    """Every tunable of the app; `Config.from_env()` reads them from the environment."""

    database_url: str = _setting(
        "DATABASE_URL",
        "sqlite:///headsup.db",
        "SQLAlchemy URL of the event store. SQLite (a file in the working directory) by "
        "default; `postgresql+psycopg://...` for several processes or hosts.",
    )
    redis_url: str = _setting(
        "REDIS_URL",
        "",
        "Redis URL for the shared cache and change notices between processes. Empty: "
        "in-process notices and cache, which is right for one process.",
    )
    host: str = _setting("HOST", "127.0.0.1", "Interface the built-in server listens on.")
    port: int = _setting("PORT", 8050, "Port the built-in server listens on.")
    demo: bool = _setting(
        "HEADSUP_DEMO",
        True,
        "1: seed the illustrative demo scenario and keep it moving with a live feed. "
        "0: start empty.",
    )
    demo_interval_s: float = _setting(
        "HEADSUP_DEMO_INTERVAL_S", 4.0, "Seconds between two steps of the demo feed."
    )
    refresh_ms: int = _setting(
        "HEADSUP_REFRESH_MS",
        1000,
        "Milliseconds between two live ticks in the browser (each asks for events after "
        "its last seq).",
    )
    map_style: str = _setting(
        "HEADSUP_MAP_STYLE",
        "offline",
        "Map style: `offline` (bundled outlines, no network), a Plotly style name such as "
        "`carto-positron`, or the URL of a MapLibre style JSON.",
    )
    map_tiles: str = _setting(
        "HEADSUP_MAP_TILES",
        "",
        "Path of a local MBTiles file (raster PNG/JPEG or vector PBF) with the site's street "
        "map. Set: the app serves it at `/tiles/{z}/{x}/{y}` and the offline style draws it "
        "under the outlines, with the file's attribution. Empty: outlines only.",
    )
    stale_after_s: int = _setting(
        "HEADSUP_STALE_AFTER_S",
        300,
        "Age in seconds of the newest event's arrival (server time) after which the "
        "picture is marked stale.",
    )
    offline_banner_s: int = _setting(
        "HEADSUP_OFFLINE_BANNER_S",
        10,
        "Seconds without an answer from the server after which the wall shows its full-width "
        "red NOT LIVE banner; a slow answer within the tick timeout is not counted as missed.",
    )
    live_window_h: float = _setting(
        "HEADSUP_LIVE_WINDOW_H",
        24.0,
        "Hours a closed incident stays on the live picture (operations view and wall) after "
        "its last event; older ones are history, for the API and the analyst view.",
    )
    max_clock_skew_s: float = _setting(
        "HEADSUP_MAX_CLOCK_SKEW_S",
        300.0,
        "Seconds an event's `occurred_at` may be ahead of the server's clock (a sender's "
        "clock running fast); further ahead it is refused (422). Times before 1900 and "
        "incident starts more than 366 days ahead are always refused.",
    )
    max_batch: int = _setting("HEADSUP_MAX_BATCH", 1000, "Most events accepted in one API batch.")
    token_cache_s: float = _setting(
        "HEADSUP_TOKEN_CACHE_S",
        5.0,
        "Seconds a process keeps an API token it has checked before asking the database "
        "again; a token revoked in another process still works there for at most this "
        "long (at once in the process that revoked it). 0 checks on every request.",
    )
    max_body_bytes: int = _setting(
        "HEADSUP_MAX_BODY_BYTES",
        5_000_000,
        "Largest request body the API accepts, in bytes; a bigger one is answered 413.",
    )
    api_rate_limit: str = _setting(
        "HEADSUP_API_RATE_LIMIT",
        "600/minute",
        "Requests one client (token, else address) may make to `/api`, in flask-limiter "
        "notation such as `600/minute` or `20/second;600/minute`. Counted in Redis when "
        "`REDIS_URL` is set, in memory otherwise.",
    )
    report_radius_km: float = _setting(
        "HEADSUP_REPORT_RADIUS_KM",
        60.0,
        "An incident reported by hand in the browser must lie within this many km of the "
        "chosen city's label point (a typo in a coordinate is refused, not filed far away). "
        "Events from senders are placed by jurisdiction boundaries instead.",
    )
    dispute_tolerance_min: float = _setting(
        "HEADSUP_DISPUTE_TOLERANCE_MIN",
        5.0,
        "Minutes two sources' claims of the same step may differ before the step is shown "
        "as disputed (both claims are always kept).",
    )
    ack_alarm_min: float = _setting(
        "HEADSUP_ACK_ALARM_MIN",
        10.0,
        "Minutes after a request for assistance with no acknowledgment (or later step) "
        "before it raises an alarm.",
    )
    on_scene_alarm_min: float = _setting(
        "HEADSUP_ON_SCENE_ALARM_MIN",
        30.0,
        "Minutes after a request for assistance with no agency on scene (or declined) "
        "before it raises an alarm.",
    )
    source_silent_min: float = _setting(
        "HEADSUP_SOURCE_SILENT_MIN",
        30.0,
        "Minutes without a new event from a feeding source (operators excluded) before it "
        "raises a 'source silent' alarm.",
    )
    min_lead_min: float = _setting(
        "HEADSUP_MIN_LEAD_MIN",
        0.0,
        "Minutes before an operation's or staging site's start by which a local agency must "
        "be told for it to count as told in advance. 0: at or before the start.",
    )
    city_min_lead: str = _setting(
        "HEADSUP_CITY_MIN_LEAD",
        "",
        "Minimum lead per city, overriding `HEADSUP_MIN_LEAD_MIN`: space-separated "
        "`city=minutes` pairs such as `paramount=30 chicago=60` (city ids).",
    )
    debug: bool = _setting(
        "HEADSUP_DEBUG", False, "Development mode with Dash's debugger. Never in production."
    )
    secret_key: str = _setting(
        "HEADSUP_SECRET_KEY",
        "",
        "Key that signs session cookies. Empty: generated on first start and kept in "
        "`secret_key` inside `HEADSUP_INSTANCE_DIR`.",
    )
    instance_dir: str = _setting(
        "HEADSUP_INSTANCE_DIR",
        "instance",
        "Directory, outside version control, for files the app makes itself (the "
        "generated secret key). Relative paths start at the working directory.",
    )
    public_url: str = _setting(
        "HEADSUP_PUBLIC_URL",
        "",
        "Base URL people use to reach the app, for the setup and kiosk links the app "
        "prints. Empty: `http://HOST:PORT`.",
    )
    secure_cookies: bool = _setting(
        "HEADSUP_SECURE_COOKIES",
        False,
        "1: mark session cookies Secure (sent over HTTPS only). Set it whenever users "
        "reach the app over HTTPS, directly or through a reverse proxy.",
    )
    proxy_hops: int = _setting(
        "HEADSUP_PROXY_HOPS",
        0,
        "How many reverse proxies in front of the app to trust for X-Forwarded-For, "
        "-Proto and -Host (werkzeug ProxyFix). 0: trust none and use the peer address.",
    )
    session_idle_min: int = _setting(
        "HEADSUP_SESSION_IDLE_MIN",
        30,
        "Minutes without a request after which a user's session ends.",
    )
    session_recheck_s: float = _setting(
        "HEADSUP_SESSION_RECHECK_S",
        2.0,
        "Seconds a process trusts a session it has checked, so live ticks cost no SQL. "
        "Changes made in another process (the CLI) reach open sessions within this time.",
    )
    session_max_h: int = _setting(
        "HEADSUP_SESSION_MAX_H",
        12,
        "Hours after login at which a user's session ends, however active.",
    )
    kiosk_session_days: int = _setting(
        "HEADSUP_KIOSK_SESSION_DAYS",
        30,
        "Days a wall display's read-only session lasts before its kiosk link must be "
        "opened again. Revoking the kiosk token ends it at once.",
    )
    login_rate_limit: str = _setting(
        "HEADSUP_LOGIN_RATE_LIMIT",
        "5 per minute",
        "Most failed sign-ins (or setup attempts) per client address, and per user name from "
        "one address, in a window (flask-limiter syntax); a 429 says `Retry-After`. "
        "Successful sign-ins do not count.",
    )
    csp_extra_sources: str = _setting(
        "HEADSUP_CSP_EXTRA_SOURCES",
        "",
        "Space-separated origins added to the Content-Security-Policy's connect-src, "
        "img-src and worker-src, for an online map style (e.g. "
        "`https://*.basemaps.cartocdn.com`).",
    )
    testing: bool = field(default=False, metadata={"env": None, "help": "Set by tests."})

    def __post_init__(self) -> None:
        """Refuse values that parse but cannot be used."""
        if not (math.isfinite(self.min_lead_min) and self.min_lead_min >= 0):
            raise ConfigError(f"HEADSUP_MIN_LEAD_MIN={self.min_lead_min} must be 0 or more")
        city_min_leads(self.city_min_lead)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Config:
        """Build a config from environment variables, then apply keyword overrides."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            env = f.metadata.get("env")
            if env and env in environ:
                values[f.name] = _coerce(environ[env], f.default, env)
        values.update(overrides)
        return cls(**values)


def _coerce(raw: str, default: Any, env: str) -> Any:
    """Convert an environment string to the type of the setting's default."""
    try:
        if isinstance(default, bool):
            if raw.strip().lower() in {"1", "true", "yes", "on"}:
                return True
            if raw.strip().lower() in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(raw)
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
    except ValueError:
        raise ConfigError(f"{env}={raw!r} is not a valid {type(default).__name__}") from None
    return raw


class ConfigError(ValueError):
    """A setting has a value the app cannot use."""


def city_min_leads(raw: str) -> dict[str, float]:
    """Parse `HEADSUP_CITY_MIN_LEAD` ("paramount=30 chicago=60") into minutes per city."""
    leads: dict[str, float] = {}
    for pair in raw.split():
        city, sep, minutes = pair.partition("=")
        try:
            lead = float(minutes) if sep and city else -1.0
        except ValueError:
            lead = -1.0
        if not (math.isfinite(lead) and lead >= 0):
            raise ConfigError(
                f"HEADSUP_CITY_MIN_LEAD: {pair!r} is not city=minutes with minutes 0 or more"
            )
        leads[city] = lead
    return leads


def documented_settings() -> list[tuple[str, Any, str]]:
    """List (env name, default, help) for every setting read from the environment."""
    return [
        (f.metadata["env"], f.default, f.metadata["help"])
        for f in fields(Config)
        if f.metadata.get("env")
    ]
