"""A release's compact, verifiable form: ``afgld.nq.gz`` + ``release.json`` + ``SHA256SUMS``.

The repository keeps every published release under ``releases/<version>/`` with its IRIs minted
under :data:`~afgld.namespaces.CANONICAL_BASE`; a build rebases them onto its own ``BASE_IRI``
term by term (never by editing text), so every deployment serves every release under its own
IRIs. N-Quads (https://www.w3.org/TR/n-quads/) in code-point order of the lines, gzip
(RFC 1952) without a time stamp or file name: the same data gives the same bytes, on any
machine, under any base.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from afgld.errors import BuildError
from afgld.namespaces import CANONICAL_BASE
from afgld.rdfterms import value_of

ARCHIVE_DUMP = "afgld.nq.gz"
RELEASE_JSON = "release.json"
SUMS = "SHA256SUMS"
GZIP_LEVEL = 6  # gzip's default: a third of level 9's time for 1 % more bytes on N-Quads
VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def gzip_stream(source: IO[bytes], target: IO[bytes]) -> None:
    """Compress ``source`` into ``target`` deterministically: no mtime, no file name."""
    with gzip.GzipFile(
        filename="", mode="wb", fileobj=target, compresslevel=GZIP_LEVEL, mtime=0
    ) as packed:
        shutil.copyfileobj(source, packed, 1 << 20)


def gzip_bytes(data: bytes) -> bytes:
    out = io.BytesIO()
    gzip_stream(io.BytesIO(data), out)
    return out.getvalue()


def gzip_file(source: Path, target: Path) -> None:
    with source.open("rb") as raw, target.open("wb") as packed:
        gzip_stream(raw, packed)


def nquads_bytes(quads: Iterable[ox.Quad], *, presorted: bool = False) -> bytes:
    """N-Quads, one quad a line, lines in code-point order (the order of every afgld dump)."""
    data = ox.serialize(quads if presorted else sorted(quads, key=str), format=ox.RdfFormat.N_QUADS)
    assert data is not None  # no output given: the bytes are returned
    return data


def read_nquads(path: Path) -> list[ox.Quad]:
    """Quads of an N-Quads file, gzipped (``.gz``) or not."""
    try:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    except (SyntaxError, OSError, EOFError) as error:
        raise BuildError(f"{path} is not readable N-Quads: {error}") from None


def rebase(quads: Iterable[ox.Quad], old: str, new: str) -> list[ox.Quad]:
    """The same quads with every IRI under ``old`` moved under ``new``, sorted."""
    if old == new:
        return sorted(quads, key=str)
    moved: dict[str, ox.NamedNode] = {}

    def iri(node: ox.NamedNode) -> ox.NamedNode:
        value = node.value
        if not value.startswith(old):
            return node
        if value not in moved:
            moved[value] = ox.NamedNode(new + value[len(old) :])
        return moved[value]

    def literal(node: ox.Literal) -> ox.Literal:
        if node.datatype.value.startswith(old):
            return ox.Literal(node.value, datatype=iri(node.datatype))
        return node

    out = []
    for quad in quads:
        subject, obj, graph = quad.subject, quad.object, quad.graph_name
        if not isinstance(graph, ox.NamedNode) or isinstance(subject, ox.Triple):
            raise BuildError(f"a release holds named graphs of plain triples only: {quad}")
        if isinstance(obj, ox.Triple):
            raise BuildError(f"a release holds no quoted triples: {quad}")
        if isinstance(subject, ox.NamedNode):
            subject = iri(subject)
        if isinstance(obj, ox.NamedNode):
            obj = iri(obj)
        elif isinstance(obj, ox.Literal):
            obj = literal(obj)
        out.append(ox.Quad(subject, iri(quad.predicate), obj, iri(graph)))
    return sorted(out, key=str)


def check_rebasable(quads: Iterable[ox.Quad], base: str) -> None:
    """Refuse data a rebase would leave half-moved: a literal spelling out the base."""
    for quad in quads:
        if isinstance(quad.object, ox.Literal) and base in quad.object.value:
            raise BuildError(
                f"the literal {quad.object} of <{quad.subject}> holds the base IRI {base}: "
                "a release cannot be rebased; mint an IRI for it instead"
            )


@dataclass(frozen=True)
class Archive:
    """One release as the repository keeps it (``releases/<version>/``), checked on reading."""

    folder: Path
    version: str
    quads_count: int
    graphs: dict[str, int]  # base-relative graph name → quads
    sha256: str  # of afgld.nq.gz, as listed in SHA256SUMS

    def quads(self, base: str) -> list[ox.Quad]:
        """The release's quads minted under ``base``, sorted."""
        return rebase(read_nquads(self.folder / ARCHIVE_DUMP), CANONICAL_BASE, base)

    @classmethod
    def read(cls, folder: Path) -> Archive:
        sums = read_sums(folder)
        for name in (ARCHIVE_DUMP, RELEASE_JSON):
            if name not in sums:
                raise BuildError(f"{folder / SUMS} does not list {name}")
        for name, digest in sums.items():
            path = folder / name
            if not path.is_file() or sha256_bytes(path.read_bytes()) != digest:
                raise BuildError(
                    f"{path} is missing or does not match {folder / SUMS}: an archived release "
                    "never changes; restore it from version control"
                )
        meta = json.loads((folder / RELEASE_JSON).read_text(encoding="utf-8"))
        if meta.get("version") != folder.name or meta.get("base_iri") != CANONICAL_BASE:
            raise BuildError(
                f"{folder / RELEASE_JSON} names version {meta.get('version')!r} under "
                f"{meta.get('base_iri')!r}; expected {folder.name!r} under {CANONICAL_BASE}"
            )
        return cls(
            folder, folder.name, int(meta["quads"]), dict(meta["graphs"]), sums[ARCHIVE_DUMP]
        )


def read_sums(folder: Path) -> dict[str, str]:
    """``SHA256SUMS`` as name → hex digest (the format of GNU ``sha256sum``)."""
    path = folder / SUMS
    if not path.is_file():
        raise BuildError(f"{path} is missing: an archived release lists its files' SHA-256")
    sums = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        digest, _, name = line.partition("  ")
        if not re.fullmatch(r"[0-9a-f]{64}", digest) or not name or "/" in name:
            raise BuildError(f"{path}:{number}: expected '<sha256>  <name>'")
        sums[name] = digest
    return sums


def sums_text(files: dict[str, bytes]) -> bytes:
    return "".join(
        f"{sha256_bytes(data)}  {name}\n" for name, data in sorted(files.items())
    ).encode()


def archive_files(version: str, quads: list[ox.Quad], base: str) -> dict[str, bytes]:
    """The files of ``releases/<version>/`` for ``quads`` minted under ``base``."""
    if not VERSION.match(version):
        raise BuildError(f"release version {version!r} is not MAJOR.MINOR.PATCH")
    check_rebasable(quads, base)
    canonical = rebase(quads, base, CANONICAL_BASE)
    graphs: dict[str, int] = {}
    for quad in canonical:
        name = value_of(quad.graph_name).removeprefix(CANONICAL_BASE)
        graphs[name] = graphs.get(name, 0) + 1
    meta = {"version": version, "base_iri": CANONICAL_BASE, "quads": len(canonical)}
    meta["graphs"] = dict(sorted(graphs.items()))
    files = {
        ARCHIVE_DUMP: gzip_bytes(nquads_bytes(canonical, presorted=True)),
        RELEASE_JSON: (json.dumps(meta, indent=1, sort_keys=True) + "\n").encode(),
    }
    return {**files, SUMS: sums_text(files)}


def write_archive(folder: Path, version: str, quads: list[ox.Quad], base: str) -> bool:
    """Write the archive of a release; False if it is there already, byte for byte.

    An archived release never changes: a folder holding other bytes is refused.
    """
    files = archive_files(version, quads, base)
    if folder.exists():
        held = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
        if held == files:
            return False
        raise BuildError(
            f"{folder} already holds release {version} with other data: a published release "
            "never changes; add a new version to releases.yaml instead"
        )
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return True


@dataclass(frozen=True)
class Loaded:
    """A release read from a path: its quads and the base they are minted under."""

    name: str
    quads: list[ox.Quad]
    base: str


def load_release(path: Path) -> Loaded:
    """The data of an archive folder, a build folder or an N-Quads file (``.gz`` or not)."""
    if (path / RELEASE_JSON).is_file():
        archive = Archive.read(path)
        return Loaded(archive.version, archive.quads(CANONICAL_BASE), CANONICAL_BASE)
    if path.is_dir():
        manifest = path / "manifest.json"
        if not manifest.is_file():
            raise BuildError(f"{path} is neither an archived release nor a build")
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        quads = read_nquads(path / "afgld.nq")
        return Loaded(str(meta.get("release", path.name)), quads, str(meta["base_iri"]))
    if not path.is_file():
        raise BuildError(f"{path}: no such file or folder")
    quads = read_nquads(path)
    return Loaded(path.name, quads, _base_of(quads, path))


def _base_of(quads: list[ox.Quad], path: Path) -> str:
    """The base a dump is minted under: that of its ``<base>ontology``, an owl:Ontology."""
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    ontology = "http://www.w3.org/2002/07/owl#Ontology"
    for quad in quads:
        if (
            quad.predicate.value == rdf_type
            and isinstance(quad.object, ox.NamedNode)
            and quad.object.value == ontology
            and isinstance(quad.subject, ox.NamedNode)
            and quad.subject.value.endswith("/ontology")
        ):
            return quad.subject.value.removesuffix("ontology")
    raise BuildError(f"{path} holds no afgld ontology: cannot tell the base of its IRIs")
