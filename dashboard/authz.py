"""Who is acting, and may they: the one place every write-path callback asks.

Until user accounts land (the security issue), the acting user is the configured
`HEADSUP_OPERATOR` identity with the operator role; an empty setting means a viewer.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.runtime import runtime


@dataclass(frozen=True)
class User:
    """A person using the dashboard, with their roles."""

    name: str
    roles: frozenset[str]

    @property
    def source(self) -> str:
        """Return the event source their actions are recorded under."""
        return f"operator:{self.name}"


class NotAllowed(PermissionError):
    """The current user lacks the role an action needs."""


VIEWER = User("anonymous", frozenset({"viewer"}))


def current_user() -> User:
    """Return the user of the current request."""
    name = runtime().config.operator_name.strip()
    if not name:
        return VIEWER
    return User(name, frozenset({"viewer", "operator"}))


def has_role(role: str) -> bool:
    """Tell whether the current user holds a role."""
    return role in current_user().roles


def require_role(role: str) -> User:
    """Return the current user, or raise NotAllowed when they lack the role."""
    user = current_user()
    if role not in user.roles:
        raise NotAllowed(f"{user.name} lacks the {role} role")
    return user
