"""The build's on-disk Oxigraph index of ``afgld.nq``: written by ``afgld build``, opened
read-only by every process that serves (pages and query processes alike).

The index is part of the build, in ``BUILD_DIR/oxigraph``, stamped with the SHA-256 of the
N-Quads it holds. Its files are Oxigraph's own (RocksDB), which are not byte-identical from one
run to the next, so the manifest does not list them: it records ``afgld.nq``'s hash, and a
server refuses an index whose stamp differs from it. A server never builds or rebuilds the
index: a restart on an unchanged release is ready in a moment, and nothing is written while
serving. Why on disk and read-only: docs/decisions/20261130-sparql-query-processes.md and
docs/decisions/20261201-one-store.md.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from afgld.errors import BuildError
from afgld.store.manifest import DATASET_NQUADS, Manifest

INDEX = "oxigraph"
STAMP = "afgld-nquads.sha256"


def write_index(nquads: Path, directory: Path, digest: str) -> None:
    """Load ``nquads`` into a new index at ``directory`` (which must not exist) and stamp it."""
    store = ox.Store(str(directory))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    del store  # closes the database before the stamp says it is whole
    (directory / STAMP).write_text(digest + "\n", encoding="ascii")


def index_of(manifest: Manifest) -> Path:
    """The index of the build ``manifest`` describes; BuildError if it is missing or holds
    other N-Quads than the manifest's."""
    directory = manifest.directory / INDEX
    stamp = directory / STAMP
    expected = str(manifest.files[DATASET_NQUADS]["sha256"])
    if not stamp.is_file():
        raise BuildError(
            f"{directory} is missing or incomplete (no {STAMP}): the build predates its query "
            "index or was copied in part; run `afgld build` again"
        )
    if stamp.read_text(encoding="ascii").strip() != expected:
        raise BuildError(
            f"{directory} holds other N-Quads than {DATASET_NQUADS} of this build "
            "(its stamp differs from the manifest's SHA-256): run `afgld build` again"
        )
    return directory
