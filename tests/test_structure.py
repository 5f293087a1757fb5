"""The layout stays as docs/decisions/20261201-serving-house-layout.md draws it: the import
contracts of pyproject.toml are declared and kept, and every query file the code names is
there."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import REPO

CONTRACTS = {
    "Serving sits above the web app, which sits above the store": "layers",
    "View models import no Flask, no route and no request": "forbidden",
    "Routes import no other route": "independence",
    "No import circle anywhere in the package": "acyclic_siblings",
}


def test_the_layout_contracts_are_declared() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {c["name"]: c["type"] for c in config["tool"]["importlinter"]["contracts"]}
    for name, kind in CONTRACTS.items():
        assert declared.get(name) == kind, name
    assert any(kind == "protected" and "interface" in name for name, kind in declared.items())


def test_the_import_contracts_are_kept() -> None:
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(linter), "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


# How the code names a file of afgld/queries/: ``queries["page-about"]``, ``"search-kinds.rq"``.
QUERY_NAME = re.compile(r"(page|list|search)-[a-z][a-z0-9-]*(\.rq)?")


def test_every_query_the_code_names_is_a_file() -> None:
    """A query file removed on one branch and still read on another is found here, not by the
    first build that reads it."""
    package = REPO / "src" / "afgld"
    files = {path.name.removesuffix(".rq") for path in (package / "queries").glob("*.rq")}
    named = {
        (str(path.relative_to(REPO)), node.value)
        for path in package.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and QUERY_NAME.fullmatch(node.value)
    }
    assert len(named) > 20  # the pages', the lists' and the search index's
    missing = sorted(
        (where, name) for where, name in named if name.removesuffix(".rq") not in files
    )
    assert not missing
