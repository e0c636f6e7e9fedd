"""Schemathesis against /openapi.json on the in-process app: no 500s, no off-schema answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from dashboard.config import Config
from tests.api.conftest import Api, make_api

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def negative_data_refused(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """Like negative_data_rejection, but a 413 (batch or body over the limit) refuses too."""
    if response.status_code == 413:
        return True
    return negative_data_rejection(ctx, response, case)


# Enough examples to reach every branch of small schemas, small enough to stay well under 60 s.
EXAMPLES = 30


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One app with the demo scenario, shared by every operation's run."""
    db = Path(tmp_path_factory.mktemp("schemathesis")) / "headsup.db"
    config = Config(
        database_url=f"sqlite:///{db}", testing=True, demo=True, api_rate_limit="100000/minute"
    )
    api = make_api(config)
    yield api
    api.runtime.stop()


def operations(api: Api) -> list:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api.app.server)
    return [result.ok() for result in schema.get_all_operations()]


def takes_input(op: schemathesis.APIOperation) -> bool:
    return bool(list(op.iter_parameters())) or len(op.body) > 0


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api090_every_operation_answers_within_its_schema(
    fuzzed: Api, mode: GenerationMode
) -> None:
    ops = operations(fuzzed)
    assert {op.label for op in ops} >= {"POST /events", "GET /incidents", "POST /cap"}
    checks = CHECKS + ([negative_data_refused] if mode is GenerationMode.NEGATIVE else [])
    for op in ops:
        if mode is GenerationMode.NEGATIVE and not takes_input(op):
            continue  # nothing to make invalid: no parameters and no body

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=op.as_strategy(generation_mode=mode))
        def run(case: schemathesis.Case) -> None:
            # The WSGI client does not undo flask-compress, so ask for plain bodies.
            headers = {
                "Accept-Encoding": "identity",
                **(case.headers or {}),
                **fuzzed.auth(fuzzed.admin if "agencies" in case.path else None),
            }
            response = case.call(headers=headers)
            case.validate_response(response, checks=checks)

        run()
