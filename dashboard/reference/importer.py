"""Import and export reference files: all or nothing, idempotent, with a dry run."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select

from dashboard.reference.files import read_agencies, read_jurisdictions
from dashboard.reference.writes import put_agencies, put_jurisdictions, stored_agency
from dashboard.store.engine import write_transaction
from dashboard.store.schema import agencies, jurisdictions

JURISDICTIONS_FILE = "jurisdictions.geojson"
AGENCIES_FILE = "agencies.csv"
GEOJSON_SUFFIXES = (".geojson", ".json")


@dataclass
class ImportReport:
    """What an import found and did: problems (path, message), counts, whether it wrote."""

    kind: str
    problems: list[tuple[str, str]] = field(default_factory=list)
    changed: dict[str, int] = field(
        default_factory=lambda: {"added": 0, "changed": 0, "unchanged": 0}
    )
    written: bool = False

    @property
    def ok(self) -> bool:
        """Tell whether the file had no problem."""
        return not self.problems

    def summary(self) -> str:
        """Return one line for a person: what changed, or how many problems."""
        if self.problems:
            return f"{len(self.problems)} problem(s) in the {self.kind} file; nothing was written"
        counts = ", ".join(f"{n} {what}" for what, n in self.changed.items())
        return f"{self.kind}: {counts}" + ("" if self.written else " (checked, not written)")


class UnknownFileKind(ValueError):
    """The file name says neither GeoJSON jurisdictions nor a CSV of agencies."""


def file_kind(filename: str) -> str:
    """Return "jurisdictions" or "agencies" from a file name's suffix."""
    lower = filename.lower()
    if lower.endswith(GEOJSON_SUFFIXES):
        return "jurisdictions"
    if lower.endswith(".csv"):
        return "agencies"
    raise UnknownFileKind(
        f"{filename}: expected a .geojson file of jurisdictions or a .csv file of agencies"
    )


def import_reference(
    engine: Engine,
    path_or_bytes: str | Path | bytes,
    filename: str,
    *,
    author: str,
    check: bool = False,
) -> ImportReport:
    """Validate a reference file and, unless `check`, write it in one transaction.

    Nothing is written if any feature or line has a problem; rows equal to the stored
    ones are left alone, so importing the same file again changes nothing.
    """
    kind = file_kind(filename)
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    report = ImportReport(kind)
    try:
        with write_transaction(engine) as conn:
            if kind == "jurisdictions":
                rows, report.problems = read_jurisdictions(data)
            else:
                known = set(conn.execute(select(jurisdictions.c.id)).scalars())
                rows, report.problems = read_agencies(data, known)
            if report.problems:
                return report
            put = put_jurisdictions if kind == "jurisdictions" else put_agencies
            report.changed = put(conn, rows, author).as_dict()
            if check:  # the counts say what a real import would change; undo it
                raise _DryRun
            report.written = True
    except _DryRun:
        pass
    return report


class _DryRun(Exception):
    """Roll back a checked import."""


def export_reference(engine: Engine, directory: str | Path) -> list[Path]:
    """Write jurisdictions.geojson and agencies.csv, the files `import_reference` reads."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    with engine.connect() as conn:
        places = conn.execute(select(jurisdictions).order_by(jurisdictions.c.id)).all()
        agency_ids = list(conn.execute(select(agencies.c.id).order_by(agencies.c.id)).scalars())
        agency_rows = [stored_agency(conn, a) for a in agency_ids]
    features = [jurisdiction_feature(dict(row._mapping)) for row in places]
    geojson = out / JURISDICTIONS_FILE
    geojson.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, indent=1) + "\n",
        encoding="utf-8",
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "name", "kind", "jurisdictions"])
    for agency in agency_rows:
        if agency is not None:
            writer.writerow(
                [agency["id"], agency["name"], agency["kind"], " ".join(agency["jurisdictions"])]
            )
    table = out / AGENCIES_FILE
    table.write_text(buffer.getvalue(), encoding="utf-8")
    return [geojson, table]


def jurisdiction_feature(row: dict) -> dict:
    """Return a stored jurisdiction as the GeoJSON Feature a file or the API carries."""
    boundary = json.loads(row["boundary"]) if row.get("boundary") else None
    props = {
        "id": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "tz": row["tz"],
        "state": row["state"],
        "lat": row["lat"],
        "lon": row["lon"],
    }
    if row.get("boundary_approx"):
        props["boundary_approx"] = True
    if boundary is None:  # a jurisdiction from before boundaries: its label point only
        boundary = {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
    return {"type": "Feature", "id": row["id"], "properties": props, "geometry": boundary}
