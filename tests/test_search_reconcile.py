"""The Reconciliation Service API 0.2 answers, validated against the W3C Entity Reconciliation
Community Group's JSON Schemas; its own valid and invalid examples prove the validator can
fail (issue 9). The reference folder is ``../shared/reference/reconciliation-api-0.2/`` beside
the repository, or ``$AFGLD_REFERENCE_DIR/reconciliation-api-0.2/``."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from afgld.errors import BatchTooLarge, InvalidSearch
from afgld.search import RECONCILABLE, SEARCH_INDEX
from afgld.search.index import Collected, Fact, Text, write_collected
from afgld.search.reconcile import PATHS, Reconciler
from afgld.search.searcher import Searcher
from tests.conftest import BASE, REPO

FOLDER = "reconciliation-api-0.2"
ID = BASE + "id/"


def reference() -> Path | None:
    for root in (REPO.parent / "shared" / "reference", os.environ.get("AFGLD_REFERENCE_DIR")):
        if root and (Path(root) / FOLDER / "schemas").is_dir():
            return Path(root) / FOLDER
    return None


REFERENCE = reference()
needs_schemas = pytest.mark.skipif(
    REFERENCE is None,
    reason=f"the group's schemas are not here: put them in ../shared/reference/{FOLDER}/ "
    "beside the repository, or set AFGLD_REFERENCE_DIR to the folder holding "
    f"{FOLDER}/",
)
# Example folder → the schema its files follow (folders without a schema are left out).
SCHEMA_OF = {
    "manifest": "manifest.json",
    "reconciliation-query-batch": "reconciliation-query-batch.json",
    "reconciliation-result-batch": "reconciliation-result-batch.json",
    "suggest-entities-response": "suggest-entities-response.json",
    "suggest-properties-response": "suggest-properties-response.json",
    "suggest-types-response": "suggest-types-response.json",
    "data-extension-query": "data-extension-query.json",
    "data-extension-response": "data-extension-response.json",
    "data-extension-property-proposal": "data-extension-property-proposal.json",
}


def validator(schema: str) -> Draft7Validator:
    """The group's schema, its ``$ref``s resolved among the folder's schemas, never fetched.

    The schemas declare ``"$schema": "http://json-schema.org/schema#"``, the unversioned URI
    that names no draft; they are written in draft-07 (the folder's README says so), so
    draft-07 is chosen explicitly rather than left to the library's default.
    """
    assert REFERENCE is not None
    resources = []
    for path in sorted((REFERENCE / "schemas").glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        uri = str(contents.get("$id", path.name)).rstrip("#")
        resources.append((uri, Resource.from_contents(contents, default_specification=DRAFT7)))
    registry: Registry[Any] = Registry().with_resources(resources)
    main = json.loads((REFERENCE / "schemas" / schema).read_text(encoding="utf-8"))
    return Draft7Validator(main, registry=registry)


def examples(validity: str) -> list[tuple[str, Path]]:
    if REFERENCE is None:
        return []
    return [
        (folder, path)
        for folder in sorted(SCHEMA_OF)
        for path in sorted((REFERENCE / "examples" / folder / validity).glob("*.json"))
    ]


def assert_valid(document: object, schema: str) -> None:
    errors = [e.message for e in validator(schema).iter_errors(document)]
    assert errors == [], errors


@pytest.fixture(scope="module")
def reconciler(real_build: Path) -> Iterator[Reconciler]:
    searcher = Searcher.open(real_build / SEARCH_INDEX)
    yield Reconciler(searcher)
    searcher.close()


def run(reconciler: Reconciler, batch: dict[str, Any]) -> dict[str, Any]:
    """Answer ``batch`` as a route would, checking the request and the answer on the way."""
    if REFERENCE is not None:
        assert_valid(batch, "reconciliation-query-batch.json")
    answer = reconciler.answer(json.dumps(batch))
    if REFERENCE is not None:
        assert_valid(answer, "reconciliation-result-batch.json")
    return answer


def ids(answer: dict[str, Any], key: str) -> list[str]:
    return [c["id"] for c in answer[key]["result"]]


# ---------------------------------------------------------------- the validator itself


@needs_schemas
def test_the_schemas_name_no_draft_so_draft_7_is_chosen() -> None:
    assert REFERENCE is not None
    for path in (REFERENCE / "schemas").glob("*.json"):
        declared = json.loads(path.read_text(encoding="utf-8")).get("$schema")
        assert declared in (None, "http://json-schema.org/schema#"), path.name


@needs_schemas
@pytest.mark.parametrize(("folder", "path"), examples("valid"), ids=lambda v: str(v)[-40:])
def test_the_groups_valid_examples_pass(folder: str, path: Path) -> None:
    assert_valid(json.loads(path.read_text(encoding="utf-8")), SCHEMA_OF[folder])


@needs_schemas
@pytest.mark.parametrize(("folder", "path"), examples("invalid"), ids=lambda v: str(v)[-40:])
def test_the_groups_invalid_examples_fail(folder: str, path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert list(validator(SCHEMA_OF[folder]).iter_errors(document)), path.name


def test_examples_exist_when_the_reference_does() -> None:
    if REFERENCE is not None:
        assert len(examples("valid")) > 20 and len(examples("invalid")) > 10


# ---------------------------------------------------------------- every response kind


@needs_schemas
def test_the_manifest_validates_and_points_at_our_documents(reconciler: Reconciler) -> None:
    manifest = reconciler.manifest()
    assert_valid(manifest, "manifest.json")
    assert manifest["identifierSpace"] == ID
    assert manifest["view"] == {"url": ID + "{{id}}"}
    assert manifest["preview"]["url"] == f"{BASE}{PATHS['preview']}?id={{{{id}}}}"  # type: ignore[index]
    assert [t["id"] for t in manifest["defaultTypes"]] == list(RECONCILABLE)  # type: ignore[attr-defined]
    for service in ("entity", "type", "property"):
        entry = manifest["suggest"][service]  # type: ignore[index]
        assert entry["service_url"] + entry["service_path"] == BASE + PATHS[f"suggest_{service}"]


@needs_schemas
@pytest.mark.parametrize(
    ("kind", "schema", "prefix"),
    [
        ("entities", "suggest-entities-response.json", "ahm"),
        ("entities", "suggest-entities-response.json", "person/ahmad-massoud"),
        ("entities", "suggest-entities-response.json", ""),
        ("types", "suggest-types-response.json", "pe"),
        ("types", "suggest-types-response.json", ""),
        ("properties", "suggest-properties-response.json", "mem"),
        ("properties", "suggest-properties-response.json", ""),
    ],
)
def test_suggest_answers_validate(
    reconciler: Reconciler, kind: str, schema: str, prefix: str
) -> None:
    answer = getattr(reconciler, f"suggest_{kind}")(prefix)
    assert_valid(answer, schema)
    assert isinstance(answer["result"], list)


def test_a_bare_massoud_matches_neither_massoud(reconciler: Reconciler) -> None:
    answer = run(reconciler, {"q0": {"query": "Massoud"}, "q1": {"query": "Massoud", "limit": 1}})
    assert ids(answer, "q0")[:2] == ["person/ahmad-massoud", "person/ahmad-shah-massoud"]
    assert not any(c["match"] for c in answer["q0"]["result"] + answer["q1"]["result"])


def test_a_full_name_matches_its_one_bearer(reconciler: Reconciler) -> None:
    answer = run(
        reconciler,
        {
            "q0": {"query": "Ahmad Shah Massoud"},
            "q1": {"query": "ahmad massoud", "type": "person"},
            "q2": {"query": "Ata Mohammad Noor", "type": ["person"]},
            "q3": {"query": "Commander Massoud"},
        },
    )
    expected = {
        "q0": "person/ahmad-shah-massoud",
        "q1": "person/ahmad-massoud",
        "q2": "person/atta-mohammad-noor",
        "q3": "person/ahmad-massoud",
    }
    for key, entity in expected.items():
        first, *others = answer[key]["result"]
        assert (first["id"], first["match"], first["score"]) == (entity, True, 100.0)
        assert first["type"] == [{"id": "person", "name": "Person"}]
        assert not any(c["match"] for c in others)
        assert [c["score"] for c in answer[key]["result"]] == sorted(
            (c["score"] for c in answer[key]["result"]), reverse=True
        )


def test_typos_find_candidates_without_matching(reconciler: Reconciler) -> None:
    answer = run(reconciler, {"q0": {"query": "Nazari"}, "q1": {"query": "Panjsher"}})
    assert ids(answer, "q0")[0] == "person/ali-maisam-nazary"
    assert ids(answer, "q1")[0] == "place/panjshir-valley"
    assert not any(c["match"] for k in ("q0", "q1") for c in answer[k]["result"])


def test_types_narrow_the_candidates(reconciler: Reconciler) -> None:
    answer = run(reconciler, {"q0": {"query": "Massoud", "type": "event", "limit": 20}})
    assert answer["q0"]["result"]
    assert all(c["type"][0]["id"] == "event" for c in answer["q0"]["result"])


def test_property_conditions_filter_by_membership_and_article(reconciler: Reconciler) -> None:
    answer = run(
        reconciler,
        {
            "member": {"query": "Massoud", "properties": [{"pid": "org:memberOf", "v": "NRF"}]},
            "by_id": {
                "query": "Massoud",
                "properties": [{"pid": "org:memberOf", "v": {"id": "org/nrf", "name": "NRF"}}],
            },
            "members": {"properties": [{"pid": "org:memberOf", "v": ID + "org/nrf"}]},
            "article": {
                "query": "Massoud",
                "properties": [{"pid": "article", "v": ["article/004", "no such article"]}],
            },
            "nothing": {"query": "Massoud", "properties": [{"pid": "org:memberOf", "v": "x"}]},
        },
    )
    assert ids(answer, "member") == ["person/ahmad-massoud"] == ids(answer, "by_id")
    assert "person/ali-maisam-nazary" in ids(answer, "members")
    assert all(not c["match"] for c in answer["members"]["result"])
    assert "person/ahmad-massoud" in ids(answer, "article")
    assert "person/ahmad-shah-massoud" in ids(answer, "article")
    assert answer["nothing"]["result"] == []


def test_an_identifier_as_query_returns_its_entity(reconciler: Reconciler) -> None:
    answer = run(
        reconciler, {"q0": {"query": "person/ahmad-massoud"}, "q1": {"query": ID + "org/nrf"}}
    )
    assert ids(answer, "q0") == ["person/ahmad-massoud"] and answer["q0"]["result"][0]["match"]
    assert ids(answer, "q1") == ["org/nrf"]


def test_suggest_finds_by_prefix_and_by_identifier(reconciler: Reconciler) -> None:
    found = reconciler.suggest_entities("ahmad sh")["result"]
    assert found[0]["id"] == "person/ahmad-shah-massoud"  # type: ignore[index]
    assert reconciler.suggest_entities("org/nrf")["result"][0]["id"] == "org/nrf"  # type: ignore[index]
    later = [e["id"] for e in reconciler.suggest_entities("ahmad", cursor=2)["result"]]  # type: ignore[attr-defined]
    first = reconciler.searcher.lookup("ahmad", RECONCILABLE, limit=12)
    assert later == [h.iri[len(ID) :] for h in first][2:]
    assert reconciler.suggest_types("org")["result"] == [
        {"id": "organisation", "name": "Organisation"}
    ]
    props = [p["id"] for p in reconciler.suggest_properties("")["result"]]  # type: ignore[attr-defined]
    assert {"org:memberOf", "org:headOf", "schema:attendee", "schema:location", "article"} <= set(
        props
    )


# ---------------------------------------------------------------- bad batches


@pytest.mark.parametrize(
    ("queries", "message"),
    [
        ("not json", "not JSON"),
        ("[]", "must be a JSON object"),
        ('{"q0": "Massoud"}', "must be an object"),
        ('{"q0": {}}', "needs a query or properties"),
        ('{"q0": {"query": 3}}', "query must be a string"),
        ('{"q0": {"query": "x", "limit": 0}}', "positive integer"),
        ('{"q0": {"query": "x", "limit": true}}', "positive integer"),
        ('{"q0": {"query": "x", "props": []}}', "unknown field 'props'"),
        ('{"q0": {"query": "x", "type": "Q5"}}', "unknown type 'Q5'"),
        ('{"q0": {"query": "x", "type": [1]}}', "type must be"),
        ('{"q0": {"query": "x", "properties": {}}}', "must be a list"),
        ('{"q0": {"query": "x", "properties": [{"pid": "P31", "v": "x"}]}}', "unknown property"),
        ('{"q0": {"query": "x", "properties": [{"pid": "article"}]}}', "pid and v"),
        ('{"q0": {"query": "x", "properties": [{"pid": "article", "v": []}]}}', "1 to 20"),
        ('{"q0": {"query": "x", "properties": [{"pid": "article", "v": null}]}}', "a string"),
        ('{"q0": {"query": "x", "properties": [{"pid": "article", "v": {"id": 1}}]}}', "id"),
        (json.dumps({"q0": {"query": "x" * 201}}), "at most 200"),
        ("[" * 100_000 + "]" * 100_000, "not JSON"),
    ],
)
def test_bad_batches_get_a_clear_error(reconciler: Reconciler, queries: str, message: str) -> None:
    with pytest.raises(InvalidSearch, match=message):
        reconciler.answer(queries)


def test_a_batch_over_the_limit_is_too_large(real_build: Path) -> None:
    searcher = Searcher.open(real_build / SEARCH_INDEX)
    small = Reconciler(searcher, max_batch=2)
    try:
        assert small.manifest()["batchSize"] == 2
        batch = {f"q{n}": {"query": "x"} for n in range(3)}
        with pytest.raises(BatchTooLarge, match="at most 2"):
            small.answer(json.dumps(batch))
    finally:
        searcher.close()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
QUERIES = st.dictionaries(
    st.text(max_size=5),
    st.fixed_dictionaries(
        {},
        optional={
            "query": st.text(max_size=60) | JSON_VALUES,
            "type": st.sampled_from([*RECONCILABLE, "Q5"]) | JSON_VALUES,
            "limit": st.integers(-2, 200) | JSON_VALUES,
            "properties": st.lists(
                st.fixed_dictionaries(
                    {
                        "pid": st.sampled_from(["org:memberOf", "article", "x"]),
                        "v": JSON_VALUES,
                    }
                ),
                max_size=3,
            )
            | JSON_VALUES,
        },
    ),
    max_size=4,
)


@given(QUERIES | JSON_VALUES)
def test_any_batch_gets_valid_results_or_a_clear_error(
    reconciler: Reconciler, batch: object
) -> None:
    try:
        answer = reconciler.answer(json.dumps(batch))
    except InvalidSearch:
        return
    if REFERENCE is not None:
        assert_valid(answer, "reconciliation-result-batch.json")


# ---------------------------------------------------------------- namesakes and the preview

HOSTILE = "<script>alert('x')</script> & \"quoted\""


@pytest.fixture(scope="module")
def namesakes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reconciler]:
    """A tiny index: two people both called "Massoud" in their articles, one hostile name."""
    one, two, odd = ID + "person/one", ID + "person/two", ID + "person/odd"
    article, org = ID + "article/001", ID + "org/front"
    data = Collected(
        kinds={
            one: "person",
            two: "person",
            odd: "person",
            article: "article",
            org: "organisation",
        },
        labels={
            one: "Ahmad One",
            two: "Ahmad Two",
            odd: HOSTILE,
            article: "A headline",
            org: "Front",
        },
        weights={one: 2, two: 1},
        texts=[
            Text(one, "name", "Ahmad One", None),
            Text(two, "name", "Ahmad Two", None),
            Text(one, "spelling", "Massoud", article),
            Text(two, "spelling", "Massoud", article),
            Text(odd, "name", HOSTILE, None),
            Text(odd, "spelling", HOSTILE + " <b>", article),
            Text(org, "name", "Front", None),
        ],
        facts=[Fact("org:memberOf", "member of (organisation)", one, org)],
    )
    path = tmp_path_factory.mktemp("namesakes") / SEARCH_INDEX
    write_collected(data, path, BASE)
    searcher = Searcher.open(path)
    yield Reconciler(searcher)
    searcher.close()


def test_a_name_two_entities_bear_matches_neither(namesakes: Reconciler) -> None:
    answer = run(namesakes, {"q0": {"query": "Massoud"}})
    assert sorted(ids(answer, "q0")) == ["person/one", "person/two"]
    assert all(c["score"] == 100.0 and not c["match"] for c in answer["q0"]["result"])


def test_a_condition_that_leaves_one_namesake_makes_it_a_match(namesakes: Reconciler) -> None:
    answer = run(
        namesakes,
        {"q0": {"query": "Massoud", "properties": [{"pid": "org:memberOf", "v": "Front"}]}},
    )
    assert [(c["id"], c["match"]) for c in answer["q0"]["result"]] == [("person/one", True)]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_preview_shows_facts_and_escapes_every_name(namesakes: Reconciler) -> None:
    preview = namesakes.preview("person/odd")
    assert preview is not None
    page = preview.html()
    parser = _Text()
    parser.feed(page)
    assert "script" not in parser.tags and "b" not in parser.tags
    assert HOSTILE in "".join(parser.text)
    member = namesakes.preview("person/one")
    assert member is not None
    assert member.facts == (("member of (organisation)", ("Front",)),)
    assert member.names == ("Massoud",)
    assert namesakes.preview("person/none") is None
    assert namesakes.preview("article/001") is not None
    with pytest.raises(InvalidSearch):
        namesakes.preview("x" * 1000)


def test_the_real_preview_names_memberships(reconciler: Reconciler) -> None:
    preview = reconciler.preview("person/ahmad-massoud")
    assert preview is not None
    assert preview.name == "Ahmad Massoud" and "Commander Massoud" in preview.names
    assert ("head of (organisation)", ("National Resistance Front",)) in preview.facts
    assert '<a href="' + ID + 'person/ahmad-massoud"' in preview.html()
