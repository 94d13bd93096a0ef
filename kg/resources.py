"""Locate data shipped with the package (the ontology, shapes, JSON-LD context and queries),
and keep built forms of data files between runs (:func:`cached`).

A wheel carries the top-level ``ontology/`` and ``queries/`` folders inside the package as
``kg/_data/ontology`` and ``kg/_data/queries`` (see pyproject's force-include); an editable or
source checkout has them at the repository root. Looking in both places lets the same code
run from either without configuration.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

_PACKAGE_DIR = Path(__file__).resolve().parent
_DATA_DIR = _PACKAGE_DIR / "_data"
_REPO_DIR = _PACKAGE_DIR.parent
_APP = "officials-kg"

T = TypeVar("T")

__all__ = ["cache_dir", "cached", "context_path", "data_path", "ontology_path", "shapes_path"]


def data_path(*parts: str) -> Path:
    """Return the path of a packaged data file, e.g. ``data_path("ontology", "shapes.ttl")``.

    Looks first in ``kg/_data/`` (wheel installs), then in the repository's top-level folders
    (editable and development installs). Raises FileNotFoundError naming both places.
    """
    if not parts:
        raise ValueError("data_path() needs at least one path component, e.g. 'ontology'")
    candidates = (_DATA_DIR.joinpath(*parts), _REPO_DIR.joinpath(*parts))
    for candidate in candidates:
        if candidate.exists():
            return candidate
    tried = " or ".join(str(c) for c in candidates)
    raise FileNotFoundError(
        f"officials-kg data file {'/'.join(parts)!r} not found (looked in {tried}); the installation is incomplete"
    )


def ontology_path() -> Path:
    """The OWL ontology, ``ontology/officials.ttl``."""
    return data_path("ontology", "officials.ttl")


def shapes_path() -> Path:
    """The SHACL shapes, ``ontology/shapes.ttl``."""
    return data_path("ontology", "shapes.ttl")


def context_path() -> Path:
    """The JSON-LD context, ``ontology/context.jsonld``."""
    return data_path("ontology", "context.jsonld")


# --- built forms of data files, kept between runs ------------------------------------------------

_CACHE_SUFFIX = ".pickle"


def cache_dir() -> Path | None:
    """The per-user folder for built forms of data files (see :func:`cached`), or None when
    caching is off.

    In order: ``$KG_CACHE_DIR`` (``off`` turns caching off); else ``$XDG_CACHE_HOME/officials-kg``;
    else ``%LOCALAPPDATA%\\officials-kg\\cache`` on Windows, ``~/Library/Caches/officials-kg``
    on macOS and ``~/.cache/officials-kg`` elsewhere.
    """
    explicit = os.environ.get("KG_CACHE_DIR")
    if explicit is not None and explicit.strip():
        return None if explicit.strip().lower() == "off" else Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg).expanduser() / _APP
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / _APP / "cache"
    try:
        home = Path.home()
    except RuntimeError:  # no home folder to be found: run without the cache
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / _APP
    return home / ".cache" / _APP


def cached(kind: str, sources: Sequence[Path], build: Callable[[], T], *, salt: str = "") -> T:
    """``build()``, pickled in :func:`cache_dir` and unpickled by later runs while the
    ``sources`` hold the same bytes.

    For what every run would otherwise build again (the parsed SHACL shapes, the gazetteer):
    unpickling is several times faster. The key is a hash of the sources' contents — an edited file is a new key, a
    touched or copied one is not — of ``salt`` (the versions of the libraries whose objects are
    pickled) and of Python's and this package's versions. A missing, truncated or unreadable
    file is rebuilt; a cache folder that cannot be written only costs the speed-up. Files of
    the same ``kind`` with another key are removed when a new one is written, so editing a
    source does not pile files up. (A pickle runs code when loaded: the folder must be the
    user's own, like the rest of their home.)
    """
    folder = cache_dir()
    if folder is None:
        return build()
    key = hashlib.sha256()
    for part in (kind, salt, sys.version, _version()):
        key.update(part.encode("utf-8") + b"\0")
    for source in sources:
        try:
            key.update(source.read_bytes() + b"\0")
        except FileNotFoundError:  # an optional file: its absence is part of the key
            key.update(b"\1")
    path = folder / f"{kind}-{key.hexdigest()[:32]}{_CACHE_SUFFIX}"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # missing, truncated or from an incompatible build: rebuild it
        pass
    value = build()
    _keep(folder, kind, path, value)
    return value


def _keep(folder: Path, kind: str, path: Path, value: object) -> None:
    """Write ``value`` to ``path`` atomically (never a half-written pickle) and drop the files
    of the same kind with another key."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{kind}-*{_CACHE_SUFFIX}"):
            if old != path:
                old.unlink(missing_ok=True)
    except Exception:  # a read-only home, a full disk, an unpicklable value: only the speed-up is lost
        pass


def _version() -> str:
    from kg import __version__

    return __version__
