"""Read access to a built dataset: one interface, :class:`Store`, and one place that picks the
backend, :func:`open_store`. Opens what ``afgld build`` wrote; never writes it.

Two kinds of query reach a store, and both go through the same object:

* trusted page queries (files in ``afgld/queries/``, values bound as terms, never spliced):
  :meth:`Store.select`, :meth:`Store.construct`, :meth:`Store.ask`;
* untrusted SPARQL from users, checked first by ``afgld.store.guard`` and then run by
  :meth:`Store.run`, bounded in time (a deadline that really stops the work), rows and bytes.

The backends are ``afgld.store.embedded`` (the build's on-disk Oxigraph index, read-only, shared
by every process through the operating system's page cache, with killable query processes) and
``afgld.store.remote`` (an external SPARQL 1.1 endpoint holding the same build). Nothing else
imports them (an import-linter contract says so).

This module imports no rdflib at run time: query processes import ``afgld.store.worker``, and
stay small.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from afgld.config import Settings
from afgld.errors import AfgldError, ConfigError
from afgld.store.jobs import Answer, Job
from afgld.store.manifest import Manifest

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier

EMBEDDED = "embedded"
Row = dict[str, "Identifier"]
Bindings = Mapping[str, "Identifier"]

__all__ = [
    "Answer",
    "Bindings",
    "Health",
    "Job",
    "PoolBusy",
    "PoolError",
    "QueryTimedOut",
    "WorkerCrashed",
    "Row",
    "Store",
    "check_build",
    "check_store",
    "open_store",
]


class PoolError(AfgldError):
    """A user's query could not be answered for a reason of capacity, not of its text: the
    client gets a 503 with ``Retry-After``."""

    retry_after: int = 1


class QueryTimedOut(PoolError):
    def __init__(self, timeout_s: float) -> None:
        super().__init__(
            f"The query ran for {timeout_s:g} s (QUERY_TIMEOUT_S) and was stopped. "
            "Narrow it down: add LIMIT, bind more variables, or download the dumps."
        )
        self.retry_after = math.ceil(timeout_s)


class PoolBusy(PoolError):
    pass


class WorkerCrashed(PoolError):
    pass


@dataclass(frozen=True)
class Health:
    """What ``/healthz`` reports: can this process answer pages and SPARQL now?"""

    ok: bool
    details: dict[str, object] = field(default_factory=dict)


class Store(Protocol):
    """The dataset as the web app sees it, whichever backend holds it."""

    @property
    def manifest(self) -> Manifest:
        """The verified manifest of the build served."""
        ...

    @property
    def backend(self) -> str:
        """``embedded`` or ``remote``."""
        ...

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]: ...

    def ask(self, query: str, bindings: Bindings | None = None) -> bool: ...

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph: ...

    def run(self, job: Job, timeout_s: float) -> Answer:
        """Answer a user's query (already passed by the guard) within ``timeout_s``, or raise
        a ``PoolError`` (busy, timed out, engine gone): never a result cut short."""
        ...

    async def run_async(self, job: Job, timeout_s: float) -> Answer:
        """:meth:`run` on an event loop, which it never blocks (the serving layer's path).
        Cancelled, it stops the query's work as a deadline would."""
        ...

    def start(self) -> None:
        """Make ready what runs user queries in this process (query processes are started by
        the process that serves, after any fork); a no-op once done."""
        ...

    def wait_until_ready(self, timeout_s: float = 30.0) -> None:
        """Block until user queries can be answered; ``PoolBusy`` after ``timeout_s``."""
        ...

    def health(self) -> Health: ...

    def close(self) -> None: ...


def check_build(settings: Settings) -> Manifest:
    """The verified manifest of ``BUILD_DIR``; BuildError if missing, partial or corrupt,
    ConfigError if it was minted under another ``BASE_IRI``."""
    build_dir = Path(settings.build_dir)
    manifest = Manifest.read(build_dir)
    manifest.verify()
    if manifest.base_iri != settings.base_iri:
        raise ConfigError(
            f"BASE_IRI is {settings.base_iri} but the build in {build_dir} was minted under "
            f"{manifest.base_iri}: run `afgld build --base {settings.base_iri}` "
            "or set AFGLD_BASE_IRI to the build's base"
        )
    return manifest


def check_store(settings: Settings) -> Manifest:
    """Refuse now what :func:`open_store` would refuse (a bad build, a missing or stale index, an
    endpoint without this release), loading nothing: ``afgld serve`` calls it before any web
    worker starts."""
    manifest = check_build(settings)
    backend = settings.sparql_backend.strip()
    if backend == EMBEDDED:
        from afgld.store.index import index_of

        index_of(manifest)
    else:
        from afgld.store.remote import RemoteStore

        RemoteStore.open(manifest, backend, settings).close()
    return manifest


def open_store(settings: Settings) -> Store:
    """The store over the checked build in ``BUILD_DIR``: the embedded index, or the remote
    endpoint ``SPARQL_BACKEND`` names. The one place where the backend is chosen."""
    manifest = check_build(settings)
    backend = settings.sparql_backend.strip()
    if backend == EMBEDDED:
        from afgld.store.embedded import EmbeddedStore

        return EmbeddedStore.open(manifest, settings)
    from afgld.store.remote import RemoteStore

    return RemoteStore.open(manifest, backend, settings)
