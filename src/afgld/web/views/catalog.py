"""The dataset's description and its downloads, as the catalogue pages show them: what the
build wrote (VoID and DCAT, the validation report, the manifest's list of files). A view model:
no Flask."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph

from afgld.rdfterms import Quad, triples_of
from afgld.search import SEARCH_INDEX
from afgld.store.manifest import Manifest

PRIVATE = ("texts/",)  # the article texts: the publishers', shown on the article pages only
# Indexes of the data, read by the server only, are not data: like the query index (oxigraph/,
# which the manifest does not list), the search index is not offered as a download.
INDEXES = (SEARCH_INDEX,)


@dataclass(frozen=True)
class Dump:
    name: str
    href: str  # pinned to this release's bytes by ?sha256=
    title: str
    media_type: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Catalog:
    manifest: Manifest
    dumps: list[Dump]
    graphs: list[tuple[str, int]]


def is_dump(name: str) -> bool:
    """Every file of the build except the article texts and the search index."""
    return not name.startswith(PRIVATE) and name not in INDEXES


def catalog_of(manifest: Manifest) -> Catalog:
    dumps = [
        Dump(
            name,
            f"/dumps/{name}?sha256={entry['sha256']}",
            str(entry.get("title", name)),
            str(entry.get("media_type", "application/octet-stream")),
            int(entry["bytes"]),
            str(entry["sha256"]),
        )
        for name, entry in sorted(manifest.files.items())
        if is_dump(name)
    ]
    graphs = sorted((str(g), int(n)) for g, n in manifest.data.get("graphs", {}).items())
    return Catalog(manifest, dumps, graphs)


@lru_cache(maxsize=8)
def _parsed(path: str) -> Graph:
    return Graph().parse(path, format="turtle")


def described(manifest: Manifest, name: str) -> list[Quad]:
    """The triples of a description the build wrote as Turtle (``void.ttl``, ``validation.ttl``),
    in the default graph."""
    return [(s, p, o, None) for s, p, o in triples_of(_parsed(str(manifest.path(name))))]
