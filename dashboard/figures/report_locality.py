"""The report's line on which agencies were local when the incident happened."""

from __future__ import annotations

from dash import html

from dashboard.figures.report import moment
from dashboard.read.report_locality import LocalThen


def local_agencies_note(local: LocalThen, names: dict[str, str], tz: str) -> html.Div:
    """Local agencies as of when it happened, and, when the reference changed since, how."""

    def listed(ids: list[str]) -> str:
        return ", ".join(names.get(a, a) for a in ids) or "none"

    lines = [
        html.P(
            ["Local agencies as of ", moment(local.as_of, tz), f": {listed(local.then)}."],
            id="aar-local",
        )
    ]
    if local.changes:
        added = [a for a in local.now if a not in local.then]
        dropped = [a for a in local.then if a not in local.now]
        diff = [f"now also local: {listed(added)}"] if added else []
        diff += [f"no longer local: {listed(dropped)}"] if dropped else []
        made: list[str | html.Span] = []
        for n, change in enumerate(local.changes):
            made += [", " if n else "", f"{change.what} ", moment(change.changed_at, tz)]
            made.append(f" by {change.author}")
        said = "; ".join(diff) if diff else "the same agencies are local today"
        lines.append(html.P(["Since changed: ", f"{said} (", *made, ")."], id="aar-local-since"))
    return html.Div(lines, className="aar-note aar-local")
