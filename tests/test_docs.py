"""The README stays true: its table, its commands and its settings match the code."""

from __future__ import annotations

import importlib.util

from afgld.cli import main
from afgld.config import SETTINGS
from afgld.curate.corpus import read_corpus, stats_table
from afgld.project import Project
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_table_matches_the_fact_files(repo_project: Project) -> None:
    assert stats_table(read_corpus(repo_project)) in README


def test_the_readme_names_every_command() -> None:
    for name in main.commands:
        assert f"`afgld {name}" in README, name


def test_the_readme_documents_every_setting() -> None:
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in README, setting.name


def test_the_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    assert "make serve" in README and "make test" in README
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "exec make test" in ci


def test_the_mappings_readme_is_generated_from_the_ontology_and_the_tested_example() -> None:
    """Allowed values from ontology/concepts.ttl, the example from tests/data/wire-story/."""
    spec = importlib.util.spec_from_file_location(
        "mappings_readme", REPO / "scripts" / "mappings_readme.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    fresh = script.render(REPO)
    stale = fresh != (REPO / "mappings" / "README.md").read_text(encoding="utf-8")
    assert not stale, "mappings/README.md is stale: run python scripts/mappings_readme.py"
