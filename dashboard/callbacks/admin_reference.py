"""Admin action on reference data: import a file of jurisdictions or agencies (or check it)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from dash import Dash, Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks.admin_common import AdminRefused, admin_identity, refused, text
from dashboard.pages.admin import reference_tables
from dashboard.pages.admin_forms import outcome
from dashboard.read.admin_view import agencies_frame, jurisdictions_frame
from dashboard.reference import ImportReport, UnknownFileKind, import_reference
from dashboard.runtime import runtime
from dashboard.security import Permission, audit_request, guarded_callback

ACTION = "reference.import"
# Problems listed on the page; the rest are counted (the CLI lists them all).
MAX_SHOWN = 50


def file_bytes(contents: Any) -> bytes:
    """Decode what dcc.Upload sends (`data:<type>;base64,<data>`)."""
    if not isinstance(contents, str) or ";base64," not in contents:
        raise AdminRefused("the upload did not arrive as a file; choose it again")
    try:
        return base64.b64decode(contents.split(";base64,", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        raise AdminRefused("the upload is damaged; choose the file again") from None


def problems_list(report: ImportReport) -> html.Ul:
    """Return the problems as a list of `path: message`, the first MAX_SHOWN of them."""
    items = [
        html.Li([html.Code(path), f": {message}"]) for path, message in report.problems[:MAX_SHOWN]
    ]
    if len(report.problems) > MAX_SHOWN:
        items.append(html.Li(f"and {len(report.problems) - MAX_SHOWN} more"))
    return html.Ul(items, className="admin-problems")


def import_file(contents: Any, filename: Any, check: Any, csrf: Any) -> tuple:
    """Import (or only check) the uploaded file; list its problems with their paths."""
    if not contents:
        raise PreventUpdate
    try:
        identity = admin_identity(csrf)
        name = text(filename, "the file name") or "upload"
        data = file_bytes(contents)
        dry_run = isinstance(check, list) and "check" in check
        report = import_reference(
            runtime().store.engine, data, name, author=identity.actor, check=dry_run
        )
    except (AdminRefused, UnknownFileKind) as exc:
        return refused(ACTION, exc), no_update, None
    if report.problems:
        audit_request(ACTION, "refused", f"{name}: {report.summary()}")
        message = outcome(False, f"{name}: {report.summary()}.")
        return html.Div([message, problems_list(report)]), no_update, None
    audit_request(ACTION, "checked" if dry_run else "ok", f"{name}: {report.summary()}")
    rt = runtime()
    rt.references.changed()  # this process sees the new rows at its next read
    ref = rt.reference()
    tables = reference_tables(jurisdictions_frame(ref), agencies_frame(ref))
    return outcome(True, f"{name}: {report.summary()}."), tables, None


def register(app: Dash) -> None:
    """Wire the import panel; the upload is cleared so the same file can be sent again."""
    guarded_callback(
        app,
        Permission.ADMIN,
        Output(ids.ADMIN_IMPORT_MESSAGE, "children"),
        Output(ids.ADMIN_REFERENCE, "children"),
        Output(ids.ADMIN_IMPORT_UPLOAD, "contents"),
        Input(ids.ADMIN_IMPORT_UPLOAD, "contents"),
        State(ids.ADMIN_IMPORT_UPLOAD, "filename"),
        State(ids.ADMIN_IMPORT_CHECK, "value"),
        State(ids.ADMIN_CSRF, "data"),
        prevent_initial_call=True,
    )(import_file)
