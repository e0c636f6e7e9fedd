"""The secret that signs cookies: from the environment, or generated once and kept."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_FILE = "secret_key"


def secret_key(configured: str, instance_dir: str) -> str:
    """Return HEADSUP_SECRET_KEY, or the key kept in the instance directory (made if absent)."""
    if configured:
        return configured
    folder = Path(instance_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / KEY_FILE
    try:
        # O_EXCL: of several processes starting together, one writes and all read it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return _read_key(path)


def _read_key(path: Path) -> str:
    key = path.read_text().strip()
    if len(key) < 32:
        raise ValueError(f"{path} holds no usable key; delete it to make a new one")
    return key
