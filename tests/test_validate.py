"""The gate checks what SHACL cannot: quotes at their offsets, declared terms, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF

from afgld.cli import main
from afgld.curate.corpus import read_corpus
from afgld.model import build_dataset
from afgld.model.ontology import load_ontology
from afgld.namespaces import AFG_TERMS, OA, Space
from afgld.project import Project
from afgld.validate.quotes import check_quotes
from afgld.validate.shapes import union_of
from afgld.validate.terms import check_terms
from tests.conftest import BASE, REPO

SPACE = Space(BASE)


@pytest.fixture()
def union_and_texts(mini_project: Project):  # type: ignore[no-untyped-def]
    corpus = read_corpus(mini_project)
    ontology = load_ontology(mini_project.ontology, SPACE)
    union = union_of(build_dataset(corpus, SPACE, ontology).dataset)
    texts = {a.seed.file_name: (a.seed.text, a.seed.sha256) for a in corpus.articles}
    return union, texts, ontology


def test_quotes_are_exact_at_their_offsets(union_and_texts) -> None:  # type: ignore[no-untyped-def]
    union, texts, _ = union_and_texts
    assert check_quotes(union, SPACE, texts) == []


def test_a_shifted_offset_is_caught(union_and_texts) -> None:  # type: ignore[no-untyped-def]
    union, texts, _ = union_and_texts
    selector = next(union.subjects(RDF.type, OA.TextPositionSelector))
    start = union.value(selector, OA.start)
    union.set((selector, OA.start, Literal(int(start) + 1, datatype=start.datatype)))
    problems = check_quotes(union, SPACE, texts)
    assert any("is not the quoted text" in p for p in problems)


def test_a_changed_seed_is_caught(union_and_texts) -> None:  # type: ignore[no-untyped-def]
    union, texts, _ = union_and_texts
    name, (text, _) = next(iter(texts.items()))
    problems = check_quotes(union, SPACE, {name: (text, "0" * 64)})
    assert problems and all("has changed since its checksum was recorded" in p for p in problems)


def test_an_undeclared_term_is_caught(union_and_texts) -> None:  # type: ignore[no-untyped-def]
    union, _, ontology = union_and_texts
    assert check_terms(union, ontology, SPACE) == []
    union.add((URIRef(BASE + "id/person/x"), URIRef("https://schema.org/attendeee"), Literal("x")))
    union.add((URIRef(BASE + "id/person/x"), RDF.type, URIRef(BASE + "ontology#Persn")))
    problems = "\n".join(check_terms(union, ontology, SPACE))
    assert "https://schema.org/attendeee" in problems and "ontology#Persn" in problems


def test_the_closed_namespace_and_the_ontology_agree() -> None:
    ontology = load_ontology(REPO / "ontology", SPACE)
    declared = {
        str(s).removeprefix(BASE + "ontology#")
        for s in ontology.subjects(RDF.type, None)
        if str(s).startswith(BASE + "ontology#")
    }
    assert declared == set(AFG_TERMS)
    assert (SPACE.ontology, RDF.type, OWL.Ontology) in ontology
    with pytest.raises(AttributeError):
        SPACE.afg.ReportedClam  # noqa: B018


def test_validate_exit_codes(mini_project: Project, tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["--project", str(mini_project.root), "validate"])
    assert ok.exit_code == 0, ok.output
    assert "conforms: yes" in ok.output
    path = next(mini_project.mappings.glob("*.yaml"))
    path.write_text(
        path.read_text(encoding="utf-8").replace("names: [Paris]", "names: [Pariss]"),
        encoding="utf-8",
    )
    bad = runner.invoke(main, ["--project", str(mini_project.root), "validate"])
    assert bad.exit_code == 1
    assert "name 'Pariss' is not in 002_mini.txt" in bad.output
    usage = runner.invoke(main, ["--project", str(tmp_path / "missing"), "validate"])
    assert usage.exit_code == 2


def test_build_refuses_an_invalid_project_with_exit_code_1(
    mini_project: Project, tmp_path: Path
) -> None:
    path = next(mini_project.mappings.glob("*.yaml"))
    path.write_text(
        path.read_text(encoding="utf-8").replace("act: accusation", "act: shouting"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["--project", str(mini_project.root), "build", "--out", str(tmp_path / "b")]
    )
    assert result.exit_code == 1
    assert "speech-act" in result.output
    assert not (tmp_path / "b").exists()
