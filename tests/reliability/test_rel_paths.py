"""Odd paths and sign-in redirects answer a clear status, never a 500 or another host."""

from __future__ import annotations

import pytest
from dash import Dash

from tests.auth import PASSWORD, form_csrf, make_user


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/../dashboard/config.py",
        "/_dash-component-suites/dash/../../etc/passwd",
        "/_dash-component-suites/dash/..%2f..%2fetc%2fpasswd",
        "/_dash-component-suites/dash/deps/./x.js",
        "/assets//etc/passwd",
        "/api/v1/../../login",
    ],
)
def test_rel020_paths_with_dot_or_empty_segments_are_not_found(app: Dash, path: str) -> None:
    response = app.server.test_client().get(path)
    assert response.status_code == 404
    assert response.get_json() == {"error": "not found"}


@pytest.mark.parametrize("path", ["/loginX", "/setupwizard", "/favicon.icox", "/assetsX/a.css"])
def test_rel021_public_prefixes_match_whole_segments_only(app: Dash, path: str) -> None:
    response = app.server.test_client().get(path)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(
    ("target", "landing"),
    [
        ("/%0a/evil.example", "/"),
        ("/%09/evil.example", "/"),
        ("/%0d%0aSet-Cookie:%20x=1", "/"),
        ("/%20/evil.example", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/wall?x=1", "/wall?x=1"),
    ],
)
def test_rel022_sign_in_goes_only_to_a_plain_local_path(
    app: Dash, target: str, landing: str
) -> None:
    make_user(app, "ann", "viewer")
    client = app.server.test_client()
    csrf = form_csrf(client.get("/login").get_data(as_text=True))
    response = client.post(
        f"/login?next={target}", data={"csrf": csrf, "username": "ann", "password": PASSWORD}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == landing


def test_rel023_a_signed_in_callback_body_over_the_limit_is_413_a_strangers_401(
    config,
) -> None:
    from dataclasses import replace

    from dashboard.factory import create_app
    from tests.auth import client_as

    app = create_app(replace(config, max_body_bytes=10_000))
    try:
        big = b'{"output": "page.children", "pad": "' + b"x" * 50_000 + b'"}'
        for client, status in ((client_as(app, "viewer"), 413), (app.server.test_client(), 401)):
            refused = client.post(
                "/_dash-update-component", data=big, content_type="application/json"
            )
            assert refused.status_code == status
        small = app.server.test_client().post(
            "/_dash-update-component", json={"output": "page.children"}
        )
        assert small.status_code == 401
    finally:
        app.server.extensions["headsup"].stop()
