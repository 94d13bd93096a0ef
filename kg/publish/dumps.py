"""Full dumps of the store, gzipped, written atomically (``python -m kg.publish.dumps STORE DIR``).

The server runs this in a separate process when it starts (a dump of two million quads takes
a while and must not hold a query worker); the static builder calls :func:`write_dumps`.
A dump already in the folder and newer than every file of the store is kept.
"""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path

__all__ = ["dumps_current", "write_dumps"]


def _store_mtime(store_path: Path) -> float:
    """When the store's data last changed (its logs do not count)."""
    return max((p.stat().st_mtime for p in store_path.iterdir() if p.is_file() and not p.name.startswith("LOG")),
               default=0.0)


def dumps_current(store_path: Path, folder: Path) -> bool:
    """Whether every dump in ``folder`` exists and is newer than the store."""
    from kg.publish.void import DUMPS

    newest = _store_mtime(store_path)
    return all((folder / n).is_file() and (folder / n).stat().st_mtime >= newest for n in DUMPS)


def write_dumps(store_path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> list[Path]:
    """Write every dump of :data:`kg.publish.void.DUMPS` into ``folder``; returns their paths."""
    from kg.publish.void import DUMPS
    from kg.store import Store

    store_path, folder = Path(store_path), Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if dumps_current(store_path, folder):
        return [folder / n for n in DUMPS]
    out = []
    with Store(store_path, read_only=True) as store:
        for name in DUMPS:
            fmt = "nq" if ".nq" in name else "ttl"
            tmp = folder / f".{name}.{os.getpid()}.tmp"
            try:
                # mtime=0: the same store gives byte-identical files (cacheable, comparable)
                with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
                    store.dump(gz, fmt=fmt)
                os.replace(tmp, folder / name)
            finally:
                tmp.unlink(missing_ok=True)
            out.append(folder / name)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m kg.publish.dumps STORE DIR")
    try:
        write_dumps(sys.argv[1], sys.argv[2])
    except Exception as exc:  # reported on stderr; the server logs that the dumps are missing
        sys.exit(f"kg: dumps not written: {exc}")
