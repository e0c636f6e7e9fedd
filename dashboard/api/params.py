"""Query parameters of the read routes, validated by pydantic like every other input."""

from __future__ import annotations

import math
from typing import Annotated, TypeVar

from flask import request
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from dashboard.ingest.errors import InputError, validation_problems
from dashboard.ingest.models import Identifier, Kind, Status, UtcDatetime

M = TypeVar("M", bound=BaseModel)
BBOX_PATTERN = r"^\s*-?[0-9.]+\s*(,\s*-?[0-9.]+\s*){3}$"


class FeedQuery(BaseModel):
    """`GET /events`: events with seq greater than `after`, at most `limit` of them."""

    model_config = ConfigDict(extra="ignore")

    after: int = Field(0, ge=0, le=2**62, description="Return events with a greater seq.")
    limit: int = Field(100, ge=1, le=1000, description="Most events returned.")


class IncidentQuery(BaseModel):
    """`GET /incidents` filters; all are optional and combine with AND."""

    model_config = ConfigDict(extra="ignore")

    kind: Kind | None = None
    status: Status | None = None
    city: Identifier | None = None
    agency: Identifier | None = Field(None, description="Incidents with any step by this agency.")
    since: UtcDatetime | None = Field(None, description="Updated at or after (timezone required).")
    until: UtcDatetime | None = Field(
        None, description="Reported at or before (timezone required)."
    )
    bbox: Annotated[str, StringConstraints(pattern=BBOX_PATTERN)] | None = Field(
        None, description="min_lon,min_lat,max_lon,max_lat"
    )

    @field_validator("bbox")
    @classmethod
    def _check_bbox(cls, value: str | None) -> str | None:
        if value is None:
            return None
        box = bbox_numbers(value)
        if not all(math.isfinite(n) for n in box):
            raise ValueError("numbers must be finite")
        if not (-180 <= box[0] <= box[2] <= 180 and -90 <= box[1] <= box[3] <= 90):
            raise ValueError("expected min_lon,min_lat,max_lon,max_lat within the globe")
        return value


def bbox_numbers(value: str) -> tuple[float, float, float, float]:
    """Return the four numbers of a bbox string."""
    a, b, c, d = (float(part) for part in value.split(","))
    return a, b, c, d


def parse_query(model: type[M]) -> M:
    """Validate the query string against a model, answering 400 with each bad parameter."""
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as exc:
        raise InputError(
            400, "invalid_query", "A query parameter is invalid.", validation_problems(exc)
        ) from None
