"""Every page in one table: path, title, permission, builder, nav label and callbacks.

The router, the navigation bar, the validation layout and the factory (which registers
each page's callbacks) all read `PAGES`, so a new page is one entry here plus its
layout module (and its callbacks module, if it has one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dash import Dash, html

from dashboard.callbacks import admin as admin_callbacks
from dashboard.callbacks import analyze as analyze_callbacks
from dashboard.callbacks import analyze_export, detail, report, retraction, tracking
from dashboard.callbacks import operations as operations_callbacks
from dashboard.callbacks import wall as wall_callbacks
from dashboard.pages import admin
from dashboard.read.admin_view import admin_data
from dashboard.runtime import Runtime
from dashboard.security.roles import Permission


@dataclass(frozen=True)
class Page:
    """One page: where it lives, who may open it, how it is built, its nav label if any."""

    path: str
    title: str
    permission: Permission
    build: Callable[[Runtime], html.Div]
    nav: str | None = None
    callbacks: tuple[Callable[[Dash], None], ...] = ()


def operations_page(rt: Runtime) -> html.Div:
    """Build the operations view."""
    return operations_callbacks.page_layout(rt)


def wall_page(rt: Runtime) -> html.Div:
    """Build the wall for the session's cities."""
    return wall_callbacks.page_layout(rt)


def analyze_page(rt: Runtime) -> html.Div:
    """Build the analyst view."""
    return analyze_callbacks.page_layout(rt)


def admin_page(rt: Runtime) -> html.Div:
    """Build the admin page."""
    return admin.layout(admin_data(rt))


PAGES: tuple[Page, ...] = (
    Page(
        "/",
        "Operations",
        Permission.READ,
        operations_page,
        nav="Operations",
        callbacks=(
            operations_callbacks.register,
            detail.register,
            tracking.register,
            report.register,
            retraction.register,
        ),
    ),
    Page(
        "/analyze",
        "Analyze",
        Permission.READ,
        analyze_page,
        "Analyze",
        (analyze_callbacks.register, analyze_export.register),
    ),
    Page("/wall", "Wall", Permission.WALL, wall_page, "Wall", (wall_callbacks.register,)),
    Page("/admin", "Admin", Permission.ADMIN, admin_page, "Admin", (admin_callbacks.register,)),
)
BY_PATH = {page.path: page for page in PAGES}


def page_callbacks() -> list[Callable[[Dash], None]]:
    """Return every page's callback registrars, each once, in table order."""
    return list(dict.fromkeys(register for page in PAGES for register in page.callbacks))
