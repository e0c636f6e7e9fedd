"""`GET /api/v1/audit`: the audit trail as JSON, for admins."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from werkzeug.wrappers import Response

from dashboard.security import audit
from dashboard.security.access import require
from dashboard.security.roles import Permission

blueprint = Blueprint("security_api", __name__, url_prefix="/api/v1")


@blueprint.get("/audit")
def audit_feed() -> Response:
    """Return the newest audit rows (`?limit=`, at most 1000; `?action=` to filter)."""
    require(Permission.ADMIN)
    limit = request.args.get("limit", "200")
    if not limit.isdigit():
        return Response(
            '{"error": "limit must be a whole number"}', 400, mimetype="application/json"
        )
    engine = current_app.extensions["headsup"].store.engine
    rows = audit.recent(engine, int(limit), request.args.get("action") or None)
    rows["at"] = rows["at"].map(lambda t: t.isoformat())
    return jsonify({"audit": rows.to_dict(orient="records")})
