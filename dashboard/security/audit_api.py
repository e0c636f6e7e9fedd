"""`GET /api/v1/audit`: the audit trail as JSON, for admin sessions and admin API tokens."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from werkzeug.wrappers import Response

from dashboard.ingest.errors import InputError
from dashboard.security import audit

blueprint = Blueprint("security_api", __name__, url_prefix="/api/v1")


@blueprint.get("/audit")
def audit_feed() -> Response:
    """Return the newest audit rows (`?limit=`, at most 1000; `?action=` to filter)."""
    # Imported here: the API package imports this package for its read rule.
    from dashboard.api.auth import authorize_admin_read

    authorize_admin_read()
    limit = request.args.get("limit", "200")
    if not limit.isdigit():
        raise InputError(400, "bad_request", "limit must be a whole number")
    engine = current_app.extensions["headsup"].store.engine
    rows = audit.recent(engine, int(limit), request.args.get("action") or None)
    rows["at"] = rows["at"].map(lambda t: t.isoformat())
    return jsonify({"audit": rows.to_dict(orient="records")})


@blueprint.errorhandler(InputError)
def _refused(error: InputError) -> Response:
    """Answer in the API's one error shape (and audit refusals, as the API does)."""
    from dashboard.api.errors import on_input

    return on_input(error)
