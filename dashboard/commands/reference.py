"""`headsup reference import|export|add-county`: jurisdictions and agencies from files."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from dashboard.config import Config
from dashboard.reference import ImportReport, UnknownFileKind, export_reference, import_reference
from dashboard.reference.atlas import BUNDLED, CountyNotFound, county_feature
from dashboard.store import Store


def _author(args: argparse.Namespace) -> str:
    return str(args.author or f"cli:{getpass.getuser()}")


def _print(report: ImportReport, filename: str) -> int:
    for path, message in report.problems:
        print(f"{filename}: {path}: {message}", file=sys.stderr)
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return 1 if report.problems else 0


def import_file(args: argparse.Namespace) -> int:
    """Import a .geojson of jurisdictions or a .csv of agencies, all or nothing."""
    store = Store.open(Config.from_env().database_url)
    try:
        report = import_reference(
            store.engine, Path(args.file), args.file, author=_author(args), check=args.check
        )
    except (OSError, UnknownFileKind) as exc:
        print(f"headsup: {exc}", file=sys.stderr)
        return 1
    return _print(report, args.file)


def export_files(args: argparse.Namespace) -> int:
    """Write jurisdictions.geojson and agencies.csv into a directory."""
    store = Store.open(Config.from_env().database_url)
    for path in export_reference(store.engine, args.dir):
        print(path)
    return 0


def add_county(args: argparse.Namespace) -> int:
    """Add one county with its outline from the bundled (or a given) county atlas."""
    try:
        feature = county_feature(args.county, Path(args.atlas), args.tz)
    except (CountyNotFound, OSError, KeyError, json.JSONDecodeError) as exc:
        print(f"headsup: {exc}", file=sys.stderr)
        return 1
    doc = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    store = Store.open(Config.from_env().database_url)
    report = import_reference(
        store.engine, doc, "county.geojson", author=_author(args), check=args.check
    )
    if report.ok:
        print(f"{feature['properties']['name']} is jurisdiction {feature['properties']['id']!r}")
    return _print(report, args.county)


def add_parser(subs: Any) -> None:
    """Add `reference import|export|add-county`."""
    reference = subs.add_parser("reference", help="jurisdictions and agencies from files")
    actions = reference.add_subparsers(dest="action", required=True)
    load = actions.add_parser(
        "import", help="import a .geojson of jurisdictions or a .csv of agencies"
    )
    load.add_argument("file")
    load.add_argument("--check", action="store_true", help="validate only; write nothing")
    load.add_argument("--author", help="who made the change (default cli:<user>)")
    load.set_defaults(handler=import_file)
    dump = actions.add_parser("export", help="write jurisdictions.geojson and agencies.csv")
    dump.add_argument("dir")
    dump.set_defaults(handler=export_files)
    county = actions.add_parser("add-county", help='add a county by name: "Los Angeles County, CA"')
    county.add_argument("county")
    county.add_argument("--atlas", default=str(BUNDLED), help="a GeoJSON of county outlines")
    county.add_argument("--tz", help="time zone, when not the state's main one")
    county.add_argument("--check", action="store_true", help="validate only; write nothing")
    county.add_argument("--author", help="who made the change (default cli:<user>)")
    county.set_defaults(handler=add_county)
