"""Model: typed facts → RDF quads. The only code that adds triples to the dataset."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph

from afgld.curate.facts import Corpus
from afgld.model.builder import DatasetBuilder
from afgld.model.curation import add_curation, add_truthy, link_disputes
from afgld.model.entities import add_entity, add_entity_notes
from afgld.model.sources import add_article
from afgld.model.statements import ArticleStatements, StatementRecord
from afgld.model.times import add_time
from afgld.namespaces import Space


@dataclass
class Model:
    dataset: Dataset
    records: list[StatementRecord]


def build_dataset(corpus: Corpus, space: Space, ontology: Graph) -> Model:
    """The whole dataset: source graphs, entities, facts, curation and the ontology."""
    builder = DatasetBuilder(space)
    for triple in ontology:
        builder.ontology.add(triple)
    for entity in corpus.entities.values():
        add_entity(builder, entity)
    records: list[StatementRecord] = []
    for article in corpus.articles:
        add_article(builder, article)
        add_entity_notes(builder, article)
        for spec in article.times.values():
            if spec.id != "publication":
                add_time(builder, article.seed.id, spec)
        records += ArticleStatements(builder, article, corpus.entities).add_all()
    link_disputes(builder, records)
    disputed = add_curation(builder, corpus, records)
    add_truthy(builder, records, disputed)
    return Model(builder.dataset, records)
