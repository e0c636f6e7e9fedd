"""The after-action report: content, digest, escaping, 404, permissions and the audit row."""

from __future__ import annotations

import hashlib
import re

import pytest
from dash import Dash

from dashboard import ids
from dashboard.figures.detail import report_link
from dashboard.ingest.models import Event
from dashboard.security.audit import recent
from tests.auth import client_as, kiosk_client
from tests.factories import reported, step

XSS = '<script>alert("x")</script>'


@pytest.fixture
def logged(app: Dash) -> list[Event]:
    """An operation with LAPD told ahead, and a disputed on-scene time (38 min vs 2 h)."""
    events = [
        reported("aar-1", 0, source="ice-ero", title=f"Raid {XSS}"),
        step("notification.sent", "aar-1", "lapd", -30, source="ice-ero", channel="phone"),
        step("assistance.requested", "aar-1", "lapd", 10, source="ice-ero"),
        step("unit.on_scene", "aar-1", "lapd", 48, source="lapd-cad"),
        step("unit.on_scene", "aar-1", "lapd", 130, source="ice-ero", text=f"<img src=x> {XSS}"),
    ]
    app.server.extensions["headsup"].store.append(events)
    return events


def test_aar001_the_report_holds_matrix_claims_disputes_timeline_and_digest(
    app: Dash, logged: list[Event]
) -> None:
    response = client_as(app, "analyst").get("/report/aar-1")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert 'class="matrix"' in page and "notified 30 min ahead" in page
    # Every claim with its source and seq; the dispute with both readings.
    claims = page.split('class="aar-table aar-claims"')[1].split("</table>")[0]
    assert claims.count("<tr>") == 1 + 4
    assert "lapd-cad" in claims and "ice-ero" in claims and "<td>phone</td>" in claims
    disputes = page.split('class="aar-table aar-disputes"')[1].split("</table>")[0]
    assert "on scene" in disputes and "1 h 22 min" in disputes
    timeline = page.split('class="aar-table aar-timeline"')[1].split("</table>")[0]
    assert timeline.count("<tr>") == 1 + len(logged)
    assert "10:00:00 PDT" in page  # 17:00 UTC on 6 June, in Los Angeles time
    # The digest, recomputed here from the events as sent, by the rule stated on the page.
    recomputed = hashlib.sha256("".join(f"{e.body_hash()}\n" for e in logged).encode())
    shown = re.search(r'id="aar-digest">([0-9a-f]{64})<', page)
    assert shown and shown.group(1) == recomputed.hexdigest()
    assert "in seq order" in page
    assert 'id="aar-download" href="/report/aar-1?download=1"' in page


def test_aar002_titles_and_notes_are_escaped(app: Dash, logged: list[Event]) -> None:
    page = client_as(app, "viewer").get("/report/aar-1").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x>" not in page
    assert "Raid &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;img src=x&gt;" in page


def test_aar003_an_unknown_incident_is_an_html_404(app: Dash) -> None:
    client = client_as(app, "analyst")
    for path in ("/report/no-such-incident", "/report/bad%20id", "/report/a/b"):
        response = client.get(path)
        assert response.status_code == 404 and response.mimetype == "text/html", path
        assert "No such incident" in response.get_data(as_text=True)


def test_aar004_a_viewer_may_view_but_not_download_an_analyst_downloads_audited(
    app: Dash, logged: list[Event]
) -> None:
    engine = app.server.extensions["headsup"].store.engine
    viewer = client_as(app, "viewer")
    page = viewer.get("/report/aar-1").get_data(as_text=True)
    assert "aar-download" not in page
    refused = viewer.get("/report/aar-1?download=1")
    assert refused.status_code == 403 and refused.mimetype == "text/html"
    assert "Content-Disposition" not in refused.headers
    assert any("after-action" in d for d in recent(engine, action="refused")["detail"])
    assert recent(engine, action="export").empty
    download = client_as(app, "analyst").get("/report/aar-1?download=1")
    assert download.status_code == 200
    disposition = download.headers["Content-Disposition"]
    assert disposition == "attachment; filename=after-action-aar-1.html"
    assert 'id="aar-digest"' in download.get_data(as_text=True)
    [row] = recent(engine, action="export").to_dict("records")
    assert row["actor"] == "user:analyst-user" and row["outcome"] == "ok"
    assert row["detail"].startswith("after-action aar-1 sha256 ")


def test_aar005_kiosks_and_strangers_get_no_report(app: Dash, logged: list[Event]) -> None:
    kiosk = kiosk_client(app).get("/report/aar-1")
    assert kiosk.status_code == 303 and kiosk.headers["Location"].endswith("/wall")
    stranger = app.server.test_client().get("/report/aar-1")
    assert (
        stranger.status_code == 303 and "/login?next=/report/aar-1" in stranger.headers["Location"]
    )


def test_aar006_the_detail_panel_links_to_the_report() -> None:
    link = report_link("ops:la/1")
    assert link.id == ids.OPS_REPORT_LINK and link.href == "/report/ops:la/1"
    assert link.target == "_blank" and link.children == "After-action report"
