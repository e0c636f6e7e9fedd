"""Schemathesis against /openapi.json on the in-process app, with every check it has.

Positive and negative cases for every operation, then stateful sequences along the links
it infers; a bounded number of examples each so CI stays well under a minute on 2 cores.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from dashboard.config import Config
from tests.api.conftest import Api, make_api

EXAMPLES = 20
# Refusals a schema cannot foresee: a well-formed body naming an incident, agency or city
# the server does not hold. Any other refusal of valid data is a contract mismatch.
REFERENCE_CODES = {"unknown_reference", "unknown_city", "unknown_jurisdiction"}
# Nor can it state time bounds that follow the server's clock (or pre-1900 years).
CLOCK_WORDS = ("in the future", "days ahead", "before 1900")
# CSV and CAP have grammars no JSON Schema states; their own tests cover what they take.
TEXT_BODIES = {"POST /cap", "POST /import/csv"}
CHECKS = {
    # A batch over maxItems is refused as too large, the status the document lists.
    "negative_data_rejection": {
        "expected-statuses": [400, 401, 403, 404, 405, 409, 413, 415, 422, 429]
    },
    "positive_data_acceptance": {"expected-statuses": ["2XX", 401, 403, 404, 409, 422, 429]},
}


def refused_only_for_references(ctx: Any, response: Any, case: schemathesis.Case) -> bool | None:
    """Let valid data be refused with 422 only because it names something unknown."""
    positive = case.meta is not None and case.meta.generation.mode is GenerationMode.POSITIVE
    if not positive or response.status_code != 422 or case.operation.label in TEXT_BODIES:
        return None
    body = response.json()
    # Nor the rules on free-form `data` (depth, control characters), stated in prose, nor
    # that a boundary's rings close and do not cross (GeoJSON's own rules, not a schema's).
    if body["errors"] and all(
        any(w in e["message"] for w in CLOCK_WORDS)
        or e["path"].endswith("data")
        or e["path"] == "geometry"
        for e in body["errors"]
    ):
        return True
    code = body["error"]
    assert code in REFERENCE_CODES, f"valid data refused with {code}: {response.text}"
    return True


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One app with the demo scenario, shared by every operation's run."""
    db = Path(tmp_path_factory.mktemp("schemathesis")) / "headsup.db"
    config = Config(
        database_url=f"sqlite:///{db}",
        testing=True,
        demo=True,
        api_rate_limit="100000/minute",
        max_batch=10,  # small batches: the limit is fuzzed, not the generator's patience
    )
    api = make_api(config)
    yield api
    api.runtime.stop()


def load(api: Api) -> Any:
    """Return the schema as the app serves it, with the test's check configuration."""
    config = SchemathesisConfig.from_dict(
        # The admin token may do everything; schemathesis sends it, and probes without it.
        {"checks": CHECKS, "auth": {"openapi": {"bearer": {"bearer": api.admin}}}}
    )
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api.app.server, config=config)


# The WSGI client does not undo flask-compress, so ask for plain bodies.
PLAIN = {"Accept-Encoding": "identity"}


def takes_input(op: schemathesis.APIOperation) -> bool:
    return bool(list(op.iter_parameters())) or len(op.body) > 0


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api090_every_operation_answers_within_its_schema(
    fuzzed: Api, mode: GenerationMode
) -> None:
    ops = [result.ok() for result in load(fuzzed).get_all_operations()]
    assert {op.label for op in ops} >= {"POST /events", "GET /alarms", "GET /audit"}
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
            sent = {**(case.headers or {}), **PLAIN}
            response = case.call(headers=sent)
            # No `checks=`: every check schemathesis has, as `--checks all` runs them.
            case.validate_response(
                response, headers=sent, additional_checks=[refused_only_for_references]
            )

        run()


def test_api091_stateful_sequences_follow_the_links(fuzzed: Api) -> None:
    # Without the reference-data PUTs: links from a one-time 201 (POST /agencies) to them
    # make the machine's rules depend on what earlier examples created, which hypothesis
    # refuses as flaky. test_api090 fuzzes them, positive and negative, like every route.
    machine = load(fuzzed).exclude(method="PUT").as_state_machine()

    class Sequences(machine):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"headers": PLAIN}

    Sequences.run(
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=4,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )


def test_api092_every_api_rule_is_in_the_document_and_back(fuzzed: Api) -> None:
    doc = fuzzed.get("/openapi.json").get_json()
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    served = {
        (rule.rule.removeprefix("/api/v1").replace("<", "{").replace(">", "}"), method)
        for rule in fuzzed.app.server.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.unknown_route"
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }
    assert documented == served
    assert ("/alarms", "GET") in served and ("/audit", "GET") in served
