"""How to cite one statement: its IRI, what it says, who says it, the article it is quoted from
(outlet and date as the text states them) and the release it is published in (from the
build's manifest), as plain text and as CSL-JSON (Citation Style Language 1.0.2, the input of
Zotero, Pandoc and citeproc: https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html).

Both are plain strings; templates escape them. A view model: no Flask.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from afgld.web.views.site import Site
from afgld.web.views.statements import StatementView

CURATORS = "afgld curators"
TITLE = "afgld: Afghan opposition politics in the news"


@dataclass(frozen=True)
class Citation:
    text: str
    csl_json: str


def cite(site: Site, st: StatementView) -> Citation:
    manifest = site.store.manifest
    evidence = st.evidence[0] if st.evidence else None
    article = evidence.info if evidence else None
    outlet = evidence.outlet.label if evidence and evidence.outlet else None
    date = evidence.date_as_stated if evidence else None
    headline = article.headline if article and article.headline else None
    number = article.number if article else None
    who = st.speaker.label if st.claim and st.speaker else None
    if st.claim and who is None:
        who = "An unnamed source"
    source = ", ".join(
        part
        for part in (
            f"“{headline}”" if headline else (f"article {number}" if number else None),
            outlet or "outlet not stated",
            f"dated “{date}”" if date else "date not stated",
        )
        if part
    )
    quoted = f", characters {evidence.start}–{evidence.end}" if evidence else ""
    release = (
        f"{TITLE}, release {manifest.release} (ontology {manifest.ontology_version}, "
        f"content {manifest.inputs_sha256[:16]}). {site.space.dataset}"
    )
    said = f"{who}: “{st.text}”" if who else f"“{st.text}”"
    text = f"{said} Statement <{st.iri}>, quoted from {source}{quoted}. In {CURATORS}, {release}."
    item: dict[str, object] = {
        "id": "afgld-" + str(st.iri).rsplit("/", 1)[-1],
        "type": "dataset",
        "title": st.text,
        "URL": str(st.iri),
        "publisher": CURATORS,
        "container-title": TITLE,
        "version": manifest.release,
        "note": f"Quoted from {source}{quoted}. Ontology {manifest.ontology_version}; "
        f"content SHA-256 {manifest.inputs_sha256[:16]}; dataset {site.space.dataset}.",
    }
    if who:
        item["author"] = [{"literal": who}]
    elif outlet:
        item["author"] = [{"literal": outlet}]
    return Citation(text, json.dumps([item], ensure_ascii=False, indent=2))
