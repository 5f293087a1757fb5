"""The on-disk Oxigraph index that query processes open read-only.

Made from the build's ``afgld.nq`` the first time a server starts on that build, and again
whenever the N-Quads change (the index records their SHA-256 from the manifest). Several server
processes may start at once: one builds under a file lock, the others wait and reuse it.
Why on disk and not in memory: docs/decisions/20261130-sparql-query-processes.md.
"""

from __future__ import annotations

import fcntl
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from afgld.errors import ConfigError
from afgld.store.manifest import DATASET_NQUADS, Manifest

STAMP = "afgld-nquads.sha256"


def index_dir(manifest: Manifest, configured: str = "") -> Path:
    return Path(configured) if configured else manifest.directory / "oxigraph"


def _is_current(directory: Path, digest: str) -> bool:
    stamp = directory / STAMP
    return stamp.is_file() and stamp.read_text(encoding="ascii").strip() == digest


def ensure_index(manifest: Manifest, directory: Path) -> Path:
    """Return ``directory`` holding an index of this build's N-Quads, building it if needed."""
    digest = str(manifest.files[DATASET_NQUADS]["sha256"])
    if _is_current(directory, digest):
        return directory
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        lock_path = directory.parent / f".{directory.name}.lock"
        with lock_path.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not _is_current(directory, digest):
                _build(manifest.path(DATASET_NQUADS), directory, digest)
    except PermissionError as error:
        raise ConfigError(
            f"cannot write the query index in {directory} ({error.strerror}): "
            "set QUERY_STORE_DIR to a writable folder"
        ) from None
    return directory


def _build(nquads: Path, directory: Path, digest: str) -> None:
    scratch = Path(tempfile.mkdtemp(prefix=f".{directory.name}-new-", dir=directory.parent))
    try:
        store = ox.Store(str(scratch / "db"))
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.flush()
        store.optimize()
        del store
        (scratch / "db" / STAMP).write_text(digest + "\n", encoding="ascii")
        if directory.exists():
            shutil.rmtree(directory)
        (scratch / "db").rename(directory)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
