"""Headers on every response, the secret key, debug only in development, password hashes."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from dash import Dash

from dashboard.config import Config, ConfigError
from dashboard.factory import create_app
from dashboard.security.keys import secret_key
from dashboard.security.passwords import hash_password, verify_password
from tests.auth import client_as
from tests.security.forge import forged_bodies, post


def csp_directives(policy: str) -> dict[str, list[str]]:
    """Split a CSP into directive → sources."""
    parts = [p.split() for p in policy.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize(
    "path", ["/login", "/", "/_dash-layout", "/assets/headsup.css", "/api/v1/audit", "/nowhere"]
)
def test_sec060_security_headers_on_every_response(app: Dash, path: str) -> None:
    client = client_as(app, "viewer")
    response = client.get(path)
    response.close()  # a static file answer holds the file open until closed
    headers = response.headers
    csp = csp_directives(headers["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in csp["script-src"] and "'unsafe-inline'" not in csp["script-src"]
    assert csp["default-src"] == ["'self'"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"


def test_sec061_csp_hashes_every_inline_script_dash_serves(app: Dash) -> None:
    import base64
    import hashlib
    import re

    client = client_as(app, "viewer")
    response = client.get("/")
    # Dash's Internet Explorer warning sits in a conditional comment no browser runs.
    page = re.sub(
        r"<!--\[if IE\]>.*?<!\[endif\]-->", "", response.get_data(as_text=True), flags=re.S
    )
    scripts = re.findall(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", page, re.S
    )
    allowed = csp_directives(response.headers["Content-Security-Policy"])["script-src"]
    assert scripts
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed


def test_sec062_callback_answers_are_not_cached(app: Dash) -> None:
    client = client_as(app, "viewer")
    response = post(client, forged_bodies(app, "x")["page.children"])
    assert response.headers["Cache-Control"] == "no-store"


def test_sec063_secret_key_is_generated_once_and_kept_outside_the_repo(tmp_path: Path) -> None:
    folder = tmp_path / "instance"
    first = secret_key("", str(folder))
    assert len(first) == 64
    assert secret_key("", str(folder)) == first
    assert oct(os.stat(folder / "secret_key").st_mode & 0o777) == "0o600"
    assert secret_key("from-the-environment-" * 2, str(folder)) == "from-the-environment-" * 2


def test_sec064_sessions_survive_a_restart_with_the_kept_key(config: Config) -> None:
    first = create_app(config)
    client = client_as(first, "viewer")
    first.server.extensions["headsup"].stop()
    second = create_app(config)
    try:
        second_client = second.server.test_client()
        second_client.set_cookie(
            "headsup_session",
            client.get_cookie("headsup_session").value,  # type: ignore[union-attr]
        )
        assert second_client.get("/_dash-layout").status_code == 200
    finally:
        second.server.extensions["headsup"].stop()


def test_sec065_debug_only_on_a_loopback_address(config: Config) -> None:
    with pytest.raises(ConfigError, match="HEADSUP_DEBUG"):
        create_app(replace(config, debug=True, host="0.0.0.0"))
    app = create_app(replace(config, debug=False, host="0.0.0.0"))
    assert app.server.debug is False
    app.server.extensions["headsup"].stop()


def test_sec066_debug_is_off_by_default() -> None:
    assert Config.from_env({}).debug is False


def test_sec067_passwords_are_argon2id_hashes() -> None:
    hashed = hash_password("correct horse battery staple")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "correct horse battery staple")
    assert not verify_password(hashed, "Correct horse battery staple")
    assert not verify_password(None, "")
    with pytest.raises(ValueError, match="at least 12"):
        hash_password("short")


def test_sec068_mcp_endpoint_is_off(app: Dash) -> None:
    rules = {rule.rule for rule in app.server.url_map.iter_rules()}
    assert not any("mcp" in rule for rule in rules)


def test_sec069_proxy_fix_trusts_only_the_configured_hops(config: Config) -> None:
    app = create_app(replace(config, proxy_hops=1))
    try:
        from dashboard.security.audit import recent

        client = app.server.test_client()
        client.post("/_dash-update-component", json={}, headers={"X-Forwarded-For": "203.0.113.9"})
        engine = app.server.extensions["headsup"].store.engine
        assert recent(engine, action="refused")["source_ip"].iloc[0] == "203.0.113.9"
    finally:
        app.server.extensions["headsup"].stop()
