"""Who is acting, and may they: the one place every write-path callback asks.

The answer comes from the signed-in session (dashboard.security). The access gate has
already refused a callback whose permission the session lacks; these checks are the
second line inside the callbacks, and name the author of what they record.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.security import current_identity


@dataclass(frozen=True)
class User:
    """A person using the dashboard, with every role their own role includes."""

    name: str
    roles: frozenset[str]

    @property
    def source(self) -> str:
        """Return the event source their actions are recorded under."""
        return f"operator:{self.name}"


class NotAllowed(PermissionError):
    """The current user lacks the role an action needs."""


NOBODY = User("anonymous", frozenset())


def current_user() -> User:
    """Return the signed-in user of the current request; kiosks and strangers are nobody."""
    identity = current_identity()
    if identity is None or identity.kind != "user":
        return NOBODY
    return User(identity.name, identity.roles)


def has_role(role: str) -> bool:
    """Tell whether the current user holds a role (an admin holds all of them)."""
    return role in current_user().roles


def require_role(role: str) -> User:
    """Return the current user, or raise NotAllowed when they lack the role."""
    user = current_user()
    if role not in user.roles:
        raise NotAllowed(f"{user.name} lacks the {role} role")
    return user
