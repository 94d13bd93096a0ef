"""Where the embedded store lives when the user does not say."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["default_store_path"]

APP = "officials-kg"


def default_store_path() -> Path:
    """The per-user store folder.

    In order: ``$KG_STORE`` if set; else ``$XDG_DATA_HOME/officials-kg/store``; else the
    platform's per-user data folder: ``%LOCALAPPDATA%\\officials-kg\\store`` on Windows,
    ``~/Library/Application Support/officials-kg/store`` on macOS and
    ``~/.local/share/officials-kg/store`` elsewhere (the XDG default).

    >>> import os
    >>> saved = os.environ.get("KG_STORE")
    >>> os.environ["KG_STORE"] = "/tmp/kg-doctest-store"
    >>> str(default_store_path())
    '/tmp/kg-doctest-store'
    >>> _ = os.environ.pop("KG_STORE") if saved is None else os.environ.update(KG_STORE=saved)
    """
    explicit = os.environ.get("KG_STORE")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg:
        return Path(xdg).expanduser() / APP / "store"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / APP / "store"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP / "store"
    return Path.home() / ".local" / "share" / APP / "store"
