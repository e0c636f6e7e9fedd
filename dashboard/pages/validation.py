"""Every component id of every page, so a callback that names a wrong one fails at start.

Pages are built from an empty picture, then cut down to stubs that keep only their type
and id: the validation layout goes to every browser, so it must carry no data (the
admin page would otherwise hand its user list to every viewer).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

from dash import Dash, html
from dash._utils import split_callback_id
from dash.development.base_component import Component

from dashboard.pages.registry import PAGES, Page
from dashboard.read.memo import Memo
from dashboard.read.picture import Picture
from dashboard.runtime import Runtime

# Stubs hold ids only, the same for every app of this page table: built once per process
# (building the pages costs about 0.2 s, paid by every create_app in the tests otherwise).
_BUILT: dict[tuple[Page, ...], html.Div] = {}


def validation_layout(app: Dash, rt: Runtime, shell: Component) -> html.Div:
    """Return stubs of the shell's and every page's components, one per id."""
    if PAGES not in _BUILT:
        _BUILT[PAGES] = _build(app, rt, shell)
    return _BUILT[PAGES]


def _build(app: Dash, rt: Runtime, shell: Component) -> html.Div:
    empty = Runtime(rt.config, rt.store, Picture(rt.store), rt.references, Memo(), auto_sync=False)
    with app.server.test_request_context("/"):
        pages = [page.build(empty) for page in PAGES]
    stubs: dict[str, Component] = {}
    for root in (shell, *pages):
        for component in _walk(root):
            key = _id_key(component.id)
            stubs.setdefault(key, _stub(component))
    return html.Div(list(stubs.values()))


def check_callback_ids(app: Dash) -> None:
    """Stop the app at start if a callback names an id that no page has."""
    layout: Any = app.validation_layout
    known = {_id_key(c.id) for c in _walk(layout)}
    missing = []
    for callback in app._callback_list:
        outputs = split_callback_id(callback["output"])
        outputs = outputs if isinstance(outputs, list) else [outputs]
        named = [*outputs, *callback["inputs"], *callback["state"]]
        for item in named:
            key = _id_key(item["id"])
            # Pattern ids ({"type": ..., "index": ALL}) match components made later.
            if key not in known and not _is_pattern(key):
                missing.append(f"{key}.{item['property'].split('@')[0]}")
    if missing:
        raise RuntimeError(f"callbacks name ids that no page has: {sorted(set(missing))}")


def _walk(root: Component) -> Iterator[Any]:
    for component in (root, *root._traverse()):
        if isinstance(component, Component) and getattr(component, "id", None) is not None:
            yield component


def _stub(component: Component) -> Component:
    """Return a copy with its id and nothing else: no children, no data."""
    stub = copy.copy(component)
    for name in list(vars(stub)):
        if name != "id" and (name in component._prop_names or name.startswith(("data-", "aria-"))):
            delattr(stub, name)
    return stub


def _id_key(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _is_pattern(key: str) -> bool:
    return key.startswith("{")
