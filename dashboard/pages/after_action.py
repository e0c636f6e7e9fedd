"""The after-action report of one incident: a printable, server-rendered HTML page.

A plain Flask route rather than a Dash page: a record to print, sign or send wants no
scripts and no live tick. It sits behind the same gate as every page (sign-in; a kiosk
goes back to its wall), needs the read permission to view and the export permission to
download (`?download=1`, audited). Every value is escaped by Jinja or `to_html`.
"""

from __future__ import annotations

import re

from flask import Flask, Response, render_template_string, request

from dashboard.figures.matrix import notice_line, notification_matrix
from dashboard.figures.report import (
    claims_table,
    digest_section,
    disputes_table,
    report_header,
    timeline_table,
)
from dashboard.figures.report_locality import local_agencies_note
from dashboard.figures.static_html import to_html
from dashboard.read.report import ReportData, on_scene_alarm, report_data
from dashboard.read.tracking import tolerance
from dashboard.runtime import runtime
from dashboard.security import Permission
from dashboard.security.access import audit_request, may, refuse_audit, require
from dashboard.security.forms import answer

REPORT_PATH = "/report/"
# The API's identifier rule: anything else names no incident.
INCIDENT_ID = re.compile(r"[A-Za-z0-9_.:@/+-]{1,128}")

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>After-action report · {{ title }}</title>
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/assets/headsup.css"><link rel="stylesheet" href="/assets/report.css">
</head><body class="aar"><main class="aar-page">
<nav class="aar-actions">
<a href="/">Operations</a>
{% if download %}<a id="aar-download" href="{{ download }}">Download (.html)</a>{% endif %}
<span>Print with Ctrl+P (⌘P): the page is laid out for paper.</span>
</nav>
{{ header }}
<section><h2>Notifications and response</h2>{{ local }}{{ notice }}
<div class="matrix-wrap">{{ matrix }}</div></section>
<section><h2>Claims</h2>
<p class="aar-note">Each source's standing claim per agency and step; corrected claims are
in the timeline.</p>{{ claims }}</section>
<section><h2>Disputes</h2>{{ disputes }}</section>
<section><h2>Timeline</h2>
<p class="aar-note">Every event about the incident, in the order the log stored it.</p>
{{ timeline }}</section>
<section class="aar-digest-section"><h2>Digest</h2>{{ digest }}</section>
</main></body></html>"""


def after_action(incident_id: str) -> Response | str:
    """Show (or with ?download=1, hand over as a file) one incident's after-action report."""
    require(Permission.READ)
    rt = runtime()
    data = report_data(rt, incident_id) if INCIDENT_ID.fullmatch(incident_id) else None
    if data is None:
        return answer(404, "No such incident", "There is no incident with this id.")
    downloading = request.args.get("download") == "1"
    if downloading and not may(Permission.EXPORT):
        refuse_audit(f"download of after-action {incident_id[:80]}", 403)
        return answer(403, "Not permitted", "Downloading a report needs the export permission.")
    html = render(data, download_link=may(Permission.EXPORT) and not downloading)
    if not downloading:
        return html
    audit_request("export", "ok", f"after-action {incident_id[:80]} sha256 {data.digest}")
    response = Response(html, mimetype="text/html")
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", incident_id)
    response.headers["Content-Disposition"] = f"attachment; filename=after-action-{safe}.html"
    return response


def render(data: ReportData, download_link: bool) -> str:
    """Return the report page."""
    rt = runtime()
    incident = data.incident
    matrix = notification_matrix(
        data.claims,
        data.tracks,
        incident,
        data.agency_names,
        data.tz,
        data.generated_at,
        tolerance(rt.config),
        on_scene_alarm(rt),
        float(data.notice["min_lead_s"]),
    )
    return render_template_string(
        PAGE,
        title=str(incident["title"]),
        download=f"{request.path}?download=1" if download_link else "",
        header=to_html(
            report_header(incident, data.tz, data.city_name, data.events, data.generated_at)
        ),
        local=to_html(local_agencies_note(data.local, data.agency_names, data.tz)),
        notice=to_html(notice_line(data.notice, str(incident["kind"]), data.agency_names)),
        matrix=to_html(matrix),
        claims=to_html(claims_table(data.claims, data.agency_names, data.tz)),
        disputes=to_html(
            disputes_table(data.claims, data.agency_names, data.tz, tolerance(rt.config))
        ),
        timeline=to_html(timeline_table(data.events, data.tz, data.agency_names)),
        digest=to_html(digest_section(data.digest, data.events)),
    )


def init_app(server: Flask) -> None:
    """Add the report route (the access gate before every request applies to it)."""
    server.add_url_rule(
        f"{REPORT_PATH}<path:incident_id>", "after_action", after_action, methods=["GET"]
    )
