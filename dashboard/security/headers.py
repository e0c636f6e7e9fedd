"""Security headers on every response, with a Content-Security-Policy that Dash can live with."""

from __future__ import annotations

from dash import Dash
from flask import request
from werkzeug.wrappers import Response

STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
# Routes that set their own Cache-Control (the street map's tiles: cached, with an ETag).
OWN_CACHING_PREFIXES = (*STATIC_PREFIXES, "/tiles/")


def content_security_policy(script_hashes: list[str], extra_sources: str) -> str:
    """Build the CSP: own origin only, plus hashes of Dash's few inline scripts.

    Plotly, Dash and AG Grid insert <style> elements at run time, so style-src needs
    'unsafe-inline'; scripts do not: no 'unsafe-inline' and no 'unsafe-eval'. MapLibre
    runs its tile workers from blob: URLs and draws with data:/blob: images.
    """
    extra = " ".join(extra_sources.split())
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": f"'self' data: blob: {extra}",
        "font-src": "'self' data:",
        "connect-src": f"'self' {extra}",
        "worker-src": f"'self' blob: {extra}",
        "child-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value.strip()}" for name, value in directives.items())


def install_headers(app: Dash, extra_sources: str, https: bool) -> None:
    """Add the headers to every response; the CSP is built once every callback exists."""
    policy: list[str] = []

    def add_headers(response: Response) -> Response:
        if not policy:
            policy.append(content_security_policy(list(app.csp_hashes()), extra_sources))
        headers = response.headers
        headers["Content-Security-Policy"] = policy[0]
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        # Kiosk and setup links carry tokens: never send a URL to another site.
        headers["Referrer-Policy"] = "no-referrer"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if https:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if not request.path.startswith(OWN_CACHING_PREFIXES):
            headers["Cache-Control"] = "no-store"
        return response

    app.server.after_request(add_headers)
