"""A sixth article in an hour: new-article → fill the skeleton → validate → build, end to end,
with a short wire story written for the tests (tests/data/wire-story/, never seeds/)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from afgld.build.pipeline import build_project
from afgld.cli import main
from afgld.curate.corpus import read_corpus
from afgld.curate.seeds import sentence_spans
from afgld.errors import FactFilesError
from afgld.project import Project
from afgld.store.manifest import Manifest
from afgld.validate import validate_project
from tests.conftest import BASE, DATA

WIRE = DATA / "wire-story"


def new_article(project: Project, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(project.root), "new-article", *args])
    return result.exit_code, result.output


def test_a_new_article_goes_from_text_to_release(mini_project: Project, tmp_path: Path) -> None:
    code, output = new_article(mini_project, str(WIRE / "wire.txt"))
    assert code == 0, output
    seed, mapping = mini_project.seeds / "003_wire.txt", mini_project.mappings / "003_wire.yaml"
    data = (WIRE / "wire.txt").read_bytes()
    assert seed.read_bytes() == data
    sums = (mini_project.seeds / "SHA256SUMS").read_text(encoding="utf-8")
    assert f"{hashlib.sha256(data).hexdigest()}  003_wire.txt\n" in sums
    skeleton = mapping.read_text(encoding="utf-8")
    for key in ("nrf", "taliban", "iran", "afp", "ali-maisam-nazary", "ahmad-massoud"):
        assert f"  # {key}: {{kind: " in skeleton, key
    assert "ahmad-shah-massoud" not in skeleton  # "Ahmad Massoud" is not his name

    problems = validate_project(mini_project, BASE).problems
    sentences = sentence_spans(data.decode())
    assert len(problems) == len(sentences) == 5
    assert all(p.startswith("mappings/003_wire.yaml:") for p in problems)
    assert all("sentence not yet decided" in p for p in problems)

    shutil.copy(WIRE / "filled.yaml", mapping)
    assert validate_project(mini_project, BASE).conforms
    out = build_project(mini_project, tmp_path / "build", BASE).out
    manifest = Manifest.read(out)
    assert manifest.data["articles"] == {"002": "002_mini.txt", "003": "003_wire.txt"}
    assert BASE + "graph/source-003" in manifest.data["graphs"]
    assert "texts/003_wire.txt" in manifest.files


def test_new_article_refuses_a_text_it_has_already(mini_project: Project) -> None:
    code, _ = new_article(mini_project, str(WIRE / "wire.txt"), "--name", "once")
    assert code == 0
    before = sorted(p.name for p in mini_project.seeds.iterdir())
    code, output = new_article(mini_project, str(WIRE / "wire.txt"), "--name", "twice")
    assert code == 2 and "is already seeds/003_once.txt" in output
    assert sorted(p.name for p in mini_project.seeds.iterdir()) == before


def test_new_article_refuses_text_that_is_not_utf8(mini_project: Project, tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 talks.\n".encode("latin-1"))
    code, output = new_article(mini_project, str(latin))
    assert code == 1 and "not UTF-8" in output
    assert not (mini_project.seeds / "003_latin.txt").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("edit", "002_mini.txt: does not match its SHA-256 in SHA256SUMS (line 1)"),
        ("unlisted", "009_new.txt: is not listed in seeds/SHA256SUMS"),
        ("stale", "seeds/SHA256SUMS:2: lists 010_gone.txt, which is not in seeds/"),
    ],
)
def test_the_seed_checksums_are_checked(mini_project: Project, change: str, message: str) -> None:
    sums = mini_project.seeds / "SHA256SUMS"
    if change == "edit":
        seed = mini_project.seeds / "002_mini.txt"
        seed.write_bytes(seed.read_bytes() + b" ")
    elif change == "unlisted":
        (mini_project.seeds / "009_new.txt").write_text("A new article.\n", encoding="utf-8")
    else:
        sums.write_text(sums.read_text(encoding="utf-8") + f"{'0' * 64}  010_gone.txt\n")
    with pytest.raises(FactFilesError) as caught:
        read_corpus(mini_project)
    assert message in str(caught.value)


def test_a_broken_quote_is_one_problem_naming_its_knock_on_effects(
    mini_project: Project,
) -> None:
    path = next(mini_project.mappings.glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("accused the Taliban of refusing", "accused the Taliban of refusng")
    )
    with pytest.raises(FactFilesError) as caught:
        read_corpus(mini_project)
    (problem,) = caught.value.problems
    assert problem.problem.startswith("quote not found verbatim")
    assert "knock-on: 9 more problems follow from this one and go with it" in problem.hint
    assert "entity 'paris' is used by no other statement" in problem.hint
    assert "the sentence at 265-479 is not covered" in problem.hint
