"""GET /api/v1/alarms: every standing alarm, as JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import jsonify

from dashboard.api import route
from dashboard.api.auth import authorize_read
from dashboard.api.params import AlarmQuery, parse_query
from dashboard.api.replies import AlarmsReply
from dashboard.read.tracking import alarm_rules, alarms_json, current_alarms
from dashboard.runtime import runtime


@route("/alarms", "GET", security="read", reply=AlarmsReply, query=AlarmQuery)
def list_alarms() -> Any:
    """Every standing alarm, optionally of some cities (`?city=a&city=b`), with the rules."""
    authorize_read()
    cities = parse_query(AlarmQuery).city
    rt = runtime()
    seq = rt.picture.seq
    now = datetime.now(UTC)
    alarms = current_alarms(rt, now)
    if cities:
        city_of = rt.picture.incidents["city"].to_dict()
        keep = [i is None or city_of.get(i) in cities for i in alarms["incident_id"]]
        alarms = alarms[keep]
    rules = alarm_rules(rt.config)
    return jsonify(
        alarms=alarms_json(alarms),
        count=len(alarms),
        seq=seq,
        as_of=now.isoformat(),
        rules={
            "ack_within_min": rules.ack_within.total_seconds() / 60,
            "on_scene_within_min": rules.on_scene_within.total_seconds() / 60,
            "source_silent_after_min": rules.source_silent_after.total_seconds() / 60,
        },
    )
