"""Read an OASIS CAP 1.2 <alert> into one incident event, refusing DTD entity tricks."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from typing import Any

import defusedxml
import defusedxml.ElementTree as SafeET
from pydantic import ValidationError

from dashboard.ingest.errors import InputError, Problem, validation_problems
from dashboard.ingest.geo import Point, centroid
from dashboard.ingest.models import Event, skew_context

NS = "urn:oasis:names:tc:emergency:cap:1.2"
EVENT_BY_MSG_TYPE = {
    "Alert": "incident.reported",
    "Update": "incident.updated",
    "Cancel": "incident.closed",
}
KIND_PARAMETER = "headsup:kind"
# Where each event field came from, so a validation error names the CAP element.
CAP_PATHS = {
    "source": "alert.sender",
    "event_id": "alert.identifier",
    "occurred_at": "alert.sent",
    "incident_id": "alert.references",
}
KEPT = ("status", "msgType", "scope")
KEPT_INFO = ("category", "event", "urgency", "severity", "certainty")


def parse_xml(body: bytes) -> ET.Element:
    """Parse XML, refusing any DTD; name what it tried: XXE, entity expansion, external DTD."""
    try:
        return SafeET.fromstring(body, forbid_dtd=True)
    except defusedxml.DTDForbidden as exc:
        raise _diagnose_dtd(body, exc) from None
    except defusedxml.DefusedXmlException as exc:
        raise _refused("xml_refused", str(exc)) from None
    except (ET.ParseError, ValueError, LookupError, RecursionError) as exc:
        # LookupError: an XML declaration naming an encoding Python does not know.
        raise InputError(
            400, "not_xml", "The body is not well-formed XML.", [Problem("(body)", str(exc))]
        ) from None


def _diagnose_dtd(body: bytes, dtd: defusedxml.DTDForbidden) -> InputError:
    """Name what a refused DTD tried, by parsing again with entity declarations still refused."""
    try:
        SafeET.fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            return _refused("xml_external_entity", f"an external entity {exc.name!r} (XXE)")
        return _refused("xml_entity_expansion", f"an entity {exc.name!r} (entity expansion)")
    except defusedxml.ExternalReferenceForbidden:
        pass
    except (defusedxml.DefusedXmlException, ET.ParseError, ValueError, LookupError, RecursionError):
        pass
    if dtd.sysid or dtd.pubid:
        return _refused("xml_external_reference", f"an external DTD {dtd.sysid or dtd.pubid!r}")
    return _refused("xml_dtd", "a document type declaration (DTD)")


def _refused(code: str, what: str) -> InputError:
    return InputError(
        400,
        code,
        f"The XML declares {what}; DTDs are refused, so entities cannot expand or be fetched.",
        [Problem("(body)", what)],
    )


def read_cap(body: bytes, skew_s: float | None = None) -> Event:
    """Return the event a CAP 1.2 alert asserts, with its point (the store finds its places)."""
    alert = parse_xml(body)
    if alert.tag != f"{{{NS}}}alert":
        raise InputError(
            422,
            "wrong_namespace",
            f"Expected a CAP 1.2 <alert> in namespace {NS}; got {alert.tag}.",
            [Problem("alert", f"root element is {alert.tag}")],
        )
    fields = _alert_fields(alert)
    event_type = fields.pop("type")
    info = alert.find(_q("info"))
    incident: dict[str, Any] | None = None
    if event_type != "incident.closed":
        incident = _incident_fields(alert, info, event_type)
    try:
        return Event.model_validate(
            {**fields, "type": event_type, "incident": incident}, context=skew_context(skew_s)
        )
    except ValidationError as exc:
        problems = [
            Problem(CAP_PATHS.get(p.path.split(".")[0], p.path), p.message)
            for p in validation_problems(exc)
        ]
        raise InputError(422, "invalid_cap", "The CAP alert is not usable.", problems) from None


def _alert_fields(alert: ET.Element) -> dict[str, Any]:
    missing = [
        Problem(f"alert.{name}", "required element missing or empty")
        for name in ("identifier", "sender", "sent", "msgType")
        if not _text(alert, name)
    ]
    msg_type = _text(alert, "msgType")
    if msg_type and msg_type not in EVENT_BY_MSG_TYPE:
        missing.append(Problem("alert.msgType", f"{msg_type} is not Alert, Update or Cancel"))
    if msg_type in ("Alert", "Update") and alert.find(_q("info")) is None:
        missing.append(Problem("alert.info", f"an {msg_type} needs an <info> block"))
    references = _text(alert, "references").split()
    if msg_type in ("Update", "Cancel") and not references:
        missing.append(Problem("alert.references", f"an {msg_type} must name the alert it follows"))
    if missing:
        raise InputError(422, "invalid_cap", "The CAP alert lacks what Heads-Up needs.", missing)
    identifier = _text(alert, "identifier")
    incident_id = _referenced_identifier(references[0]) if references else identifier
    info = alert.find(_q("info"))
    cap: dict[str, Any] = {name: _text(alert, name)[:100] for name in KEPT}
    if info is not None:
        cap.update({name: _text(info, name)[:200] for name in KEPT_INFO})
    cap["references"] = references[:10]
    return {
        "source": _text(alert, "sender"),
        "event_id": identifier,
        # The model reads it as RFC 3339, as CAP's xs:dateTime with an offset is.
        "occurred_at": _text(alert, "sent"),
        "incident_id": incident_id,
        "type": EVENT_BY_MSG_TYPE[msg_type],
        "data": {"cap": cap},
    }


def _referenced_identifier(reference: str) -> str:
    """Return the identifier of a `sender,identifier,sent` reference."""
    parts = reference.split(",")
    return parts[1] if len(parts) >= 2 and parts[1] else reference


def _incident_fields(
    alert: ET.Element,
    info: ET.Element | None,
    event_type: str,
) -> dict[str, Any] | None:
    assert info is not None  # _alert_fields requires <info> on Alert and Update
    fields: dict[str, Any] = {
        "title": (_text(info, "headline") or _text(info, "event") or "CAP alert")[:200],
    }
    # CAP has no notion of our kinds: a sender may say one, else a new alert is an operation.
    kind = _parameter(info, KIND_PARAMETER)
    if kind or event_type == "incident.reported":
        fields["kind"] = kind or "operation"
    located = _first_point(alert)
    if located is None:
        if event_type == "incident.reported":
            raise InputError(
                422,
                "no_location",
                "The alert has no <circle> or <polygon> in any info/area, so it cannot be placed.",
                [Problem("alert.info.area", "no circle or polygon")],
            )
        return fields
    (lat, lon), area_desc = located
    # No city: the store gives the point its jurisdictions by polygon, like any event's;
    # a point outside all of them is kept and marked outside the configured region.
    fields.update(lat=lat, lon=lon, address=area_desc[:2000] or None)
    return fields


def _first_point(alert: ET.Element) -> tuple[Point, str] | None:
    """Return the first area's point (circle centre or polygon centroid) and its description."""
    for i, info in enumerate(alert.findall(_q("info"))):
        for j, area in enumerate(info.findall(_q("area"))):
            where = f"alert.info[{i}].area[{j}]"
            for shape in ("circle", "polygon"):
                for element in area.findall(_q(shape)):
                    text = (element.text or "").strip()
                    if text:
                        point = _parse_shape(shape, text, f"{where}.{shape}")
                        return point, _text(area, "areaDesc")
    return None


def _parse_shape(shape: str, text: str, path: str) -> Point:
    try:
        if shape == "circle":
            centre, _radius = text.split()
            return _pair(centre)
        ring = [_pair(pair) for pair in text.split()]
        if len(ring) < 4 or ring[0] != ring[-1]:
            raise ValueError("a polygon needs at least 4 pairs, the last equal to the first")
        return centroid(ring)
    except ValueError as exc:
        raise InputError(
            422, "invalid_cap", f"The alert's {shape} is not valid.", [Problem(path, str(exc))]
        ) from None


def _pair(text: str) -> Point:
    lat_text, lon_text = text.split(",")
    lat, lon = float(lat_text), float(lon_text)
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{text!r} is not a WGS 84 latitude,longitude pair")
    return lat, lon


def _parameter(info: ET.Element, name: str) -> str:
    for parameter in info.findall(_q("parameter")):
        if _text(parameter, "valueName").lower() == name:
            return _text(parameter, "value")
    return ""


def _text(parent: ET.Element, name: str) -> str:
    element = parent.find(_q(name))
    return (element.text or "").strip() if element is not None else ""


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"
