"""Roles, the permissions each grants, and who is asking (an Identity)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Permission(StrEnum):
    """What a request may do; pages, callbacks and routes each require one."""

    SIGNED_IN = "signed-in"  # any session at all: the shell, the router, logout
    WALL = "wall"  # the read-only wall display
    READ = "read"  # the operations view and other reads
    RECORD = "record"  # notification and response events, notes
    EXPORT = "export"  # exports of analyst views
    ADMIN = "admin"  # users, tokens and the audit trail


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "viewer": frozenset({Permission.SIGNED_IN, Permission.WALL, Permission.READ}),
    "operator": frozenset(
        {Permission.SIGNED_IN, Permission.WALL, Permission.READ, Permission.RECORD}
    ),
    "analyst": frozenset(
        {Permission.SIGNED_IN, Permission.WALL, Permission.READ, Permission.EXPORT}
    ),
    "admin": frozenset(Permission),
}
ROLES = tuple(ROLE_PERMISSIONS)
KIOSK_ROLE = "kiosk"
KIOSK_PERMISSIONS = frozenset({Permission.SIGNED_IN, Permission.WALL})


@dataclass(frozen=True)
class Identity:
    """A signed-in user or a kiosk, as established from its server-side session."""

    kind: str  # "user" or "kiosk"
    name: str
    role: str
    session_id: str
    cities: tuple[str, ...] = ()  # a kiosk's cities; empty means all

    @property
    def permissions(self) -> frozenset[Permission]:
        """Return what this identity may do."""
        if self.kind == "kiosk":
            return KIOSK_PERMISSIONS
        return ROLE_PERMISSIONS.get(self.role, frozenset())

    @property
    def roles(self) -> frozenset[str]:
        """Return every role whose permissions this identity holds (an admin is all four)."""
        return frozenset(r for r, perms in ROLE_PERMISSIONS.items() if perms <= self.permissions)

    def may(self, permission: Permission) -> bool:
        """Tell whether this identity holds `permission`."""
        return permission in self.permissions

    @property
    def actor(self) -> str:
        """Return the name written to the audit trail and event sources."""
        return f"{self.kind}:{self.name}"


def check_role(role: str) -> str:
    """Return `role` if it is a known user role, else raise ValueError naming the choices."""
    if role not in ROLE_PERMISSIONS:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    return role
