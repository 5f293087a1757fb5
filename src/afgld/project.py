"""Where a project's inputs live. The root is passed in, never guessed from ``__file__``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def mappings(self) -> Path:
        return self.root / "mappings"

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes"

    def seed_files(self) -> list[Path]:
        return sorted(self.seeds.glob("*.txt"))

    def mapping_files(self) -> list[Path]:
        """Fact files, one per seed, sharing the seed's stem."""
        return sorted(p for p in self.mappings.glob("*.yaml") if p.stem[:3].isdigit())

    @property
    def curation_file(self) -> Path:
        return self.mappings / "curation.yaml"

    @property
    def retired_file(self) -> Path:
        """IRIs of earlier releases that are no longer minted, each moved or gone."""
        return self.mappings / "retired.yaml"

    @property
    def seed_sums(self) -> Path:
        return self.seeds / "SHA256SUMS"

    @property
    def releases_file(self) -> Path:
        """The release history: every version with its issue date and summary."""
        return self.root / "releases.yaml"

    @property
    def archives(self) -> Path:
        """Archived releases, one folder per version."""
        return self.root / "releases"

    def archive_folders(self) -> list[Path]:
        return sorted(p.parent for p in self.archives.glob("*/release.json"))

    def input_files(self) -> list[Path]:
        """Every file whose content decides the build's output."""
        files = [*self.seed_files(), *sorted(self.mappings.glob("*.yaml"))]
        files += sorted(self.ontology.glob("*.ttl")) + sorted(self.shapes.glob("*.ttl"))
        files += [p for p in (self.releases_file, self.seed_sums) if p.is_file()]
        files += sorted(p for p in self.archives.glob("*/*") if p.is_file())
        return files

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The nearest directory upwards from ``start`` that holds seeds/ and mappings/."""
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / "seeds").is_dir() and (candidate / "mappings").is_dir():
                return cls(candidate)
        raise FileNotFoundError(
            f"no afgld project (a folder with seeds/ and mappings/) at or above {here}"
        )
