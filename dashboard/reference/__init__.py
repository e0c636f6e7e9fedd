"""Reference data: jurisdictions with boundaries, agencies local to them, and locality.

`import_reference` / `export_reference` read and write the two files (GeoJSON
jurisdictions, CSV agencies); `Locality` says which jurisdictions hold a point.
"""

from dashboard.domain import OUTSIDE
from dashboard.reference.importer import (
    AGENCIES_FILE,
    JURISDICTIONS_FILE,
    ImportReport,
    UnknownFileKind,
    export_reference,
    import_reference,
)
from dashboard.reference.locality import Locality

__all__ = [
    "AGENCIES_FILE",
    "JURISDICTIONS_FILE",
    "OUTSIDE",
    "ImportReport",
    "Locality",
    "UnknownFileKind",
    "export_reference",
    "import_reference",
]
