"""`GET /api/v1/audit`: the audit trail as JSON, for admin sessions and admin API tokens."""

from __future__ import annotations

from flask import jsonify, request
from werkzeug.wrappers import Response

from dashboard.api import bp
from dashboard.api.auth import authorize_admin_read
from dashboard.ingest.errors import InputError
from dashboard.runtime import runtime
from dashboard.security import audit


@bp.get("/audit")
def audit_feed() -> Response:
    """Return the newest audit rows (`?limit=`, at most 1000; `?action=` to filter)."""
    authorize_admin_read()
    limit = request.args.get("limit", "200")
    if not limit.isdigit():
        raise InputError(400, "bad_request", "limit must be a whole number")
    rows = audit.recent(runtime().store.engine, int(limit), request.args.get("action") or None)
    rows["at"] = rows["at"].map(lambda t: t.isoformat())
    return jsonify({"audit": rows.to_dict(orient="records")})
