"""`GET /api/v1/audit`: the audit trail as JSON, for admin sessions and admin API tokens."""

from __future__ import annotations

from flask import jsonify
from werkzeug.wrappers import Response

from dashboard.api import route
from dashboard.api.auth import authorize_admin_read
from dashboard.api.params import AuditQuery, parse_query
from dashboard.api.replies import AuditReply
from dashboard.runtime import runtime
from dashboard.security import audit


@route(
    "/audit",
    "GET",
    security="admin",
    reply=AuditReply,
    query=AuditQuery,
    errors=(400, 401, 403, 429, 503),
)
def audit_feed() -> Response:
    """The newest audit rows (admin session or admin token)."""
    authorize_admin_read()
    query = parse_query(AuditQuery)
    rows = audit.recent(runtime().store.engine, query.limit, query.action)
    rows["at"] = rows["at"].map(lambda t: t.isoformat())
    return jsonify({"audit": rows.to_dict(orient="records")})
