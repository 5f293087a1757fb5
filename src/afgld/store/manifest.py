"""The build's manifest: what build/ holds, and proof that it is whole.

``build/manifest.json`` lists every artefact with its size and SHA-256. A server refuses to
start on a build whose manifest is missing, or whose files are missing, truncated or altered.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afgld.errors import BuildError

MANIFEST = "manifest.json"
DATASET_NQUADS = "afgld.nq"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Manifest:
    directory: Path
    data: dict[str, Any]

    @property
    def base_iri(self) -> str:
        return str(self.data["base_iri"])

    @property
    def release(self) -> str:
        return str(self.data["release"])

    @property
    def ontology_version(self) -> str:
        return str(self.data["ontology_version"])

    @property
    def inputs_sha256(self) -> str:
        return str(self.data["inputs_sha256"])

    @property
    def data_license(self) -> str | None:
        """The licence the build was made under (its DATA_LICENSE); None in builds made
        without one (synthetic test and bench data)."""
        value = self.data.get("data_license")
        return str(value) if value else None

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        return dict(self.data["files"])

    def path(self, name: str) -> Path:
        if name not in self.data["files"]:
            raise KeyError(name)
        return self.directory / name

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST
        if not path.is_file():
            raise BuildError(f"{path} is missing: run `afgld build` first")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise BuildError(f"{path} is corrupt ({error}): run `afgld build` again") from None
        for key in ("base_iri", "release", "ontology_version", "inputs_sha256", "files"):
            if key not in data:
                raise BuildError(f"{path} lacks {key!r}: run `afgld build` again")
        return cls(directory, data)

    def verify(self) -> None:
        """Raise BuildError unless every listed file exists with its recorded size and hash."""
        for name, entry in sorted(self.files.items()):
            path = self.directory / name
            if not path.is_file():
                raise BuildError(f"{path} is missing from the build: run `afgld build` again")
            size = path.stat().st_size
            if size != entry["bytes"]:
                raise BuildError(
                    f"{path} has {size} bytes, the manifest says {entry['bytes']}: "
                    "the build is partial or altered; run `afgld build` again"
                )
            if sha256_of(path) != entry["sha256"]:
                raise BuildError(
                    f"{path} does not match its SHA-256 in the manifest: "
                    "the build is corrupt; run `afgld build` again"
                )
