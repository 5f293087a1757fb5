"""The source layer: outlet → article → stored text (checksum) → quotes (selectors).

Offsets count Unicode code points, start included, end excluded, as in the Web Annotation
Data Model's TextPositionSelector (https://www.w3.org/TR/annotation-model/#text-position-selector).
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SDO, TIME, XSD

from afgld.curate.facts import ArticleFacts, Span
from afgld.model.builder import DatasetBuilder
from afgld.model.times import add_time
from afgld.namespaces import OA, SPDX

CONTEXT = 32  # characters of prefix and suffix kept with each quote
RIGHTS = Literal(
    "Verbatim excerpt of a third-party news article, quoted for attribution and verification; "
    "copyright remains with its publisher.",
    lang="en",
)


def add_article(builder: DatasetBuilder, article: ArticleFacts) -> URIRef:
    seed = article.seed
    mint, afg = builder.mint, builder.afg
    graph = builder.source(seed.id)
    node = mint.article(seed.id)
    text = mint.source_text(seed.id)
    meta = article.meta
    graph.add((node, RDF.type, SDO.NewsArticle))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, afg.seedFile, Literal(seed.file_name)))
    graph.add((node, afg.hasText, text))
    graph.add((node, DCTERMS.language, Literal("en", datatype=XSD.language)))
    unstated = []
    if meta.headline:
        graph.add((node, SDO.headline, Literal(meta.headline, lang="en")))
    else:
        unstated.append(SDO.headline)
    if meta.byline:
        graph.add((node, afg.bylineAsStated, Literal(meta.byline)))
    else:
        unstated.append(SDO.author)
    if meta.dateline:
        graph.add((node, SDO.dateline, Literal(meta.dateline)))
    else:
        unstated.append(SDO.dateline)
    if meta.publisher:
        graph.add((node, SDO.publisher, builder.mint.entity(meta.publisher, "outlet")))
        assert meta.publisher_quote is not None
        graph.add((node, PROV.wasDerivedFrom, add_quote(builder, article, meta.publisher_quote)))
    else:
        unstated.append(SDO.publisher)
    publication = mint.time(seed.id, "publication")
    graph.add((node, afg.publishedAt, publication))
    if meta.published:
        add_time(builder, seed.id, meta.published)
        if meta.published.datatype == "date":
            graph.add((node, SDO.datePublished, Literal(meta.published.value, datatype=XSD.date)))
        else:
            unstated.append(SDO.datePublished)
    else:
        unstated.append(SDO.datePublished)
        builder.entities.add((publication, RDF.type, TIME.Instant))
        builder.entities.add((publication, RDF.type, TIME.TemporalEntity))
        builder.entities.add((publication, afg.notStatedInSource, TIME.inXSDDate))
    for prop in unstated:
        graph.add((node, afg.notStatedInSource, prop))
    add_source_text(builder, article, text)
    return node


def add_source_text(builder: DatasetBuilder, article: ArticleFacts, text: URIRef) -> None:
    seed = article.seed
    graph = builder.source(seed.id)
    checksum = builder.mint.checksum(seed.id)
    graph.add((text, RDF.type, builder.afg.SourceText))
    graph.add((text, RDF.type, PROV.Entity))
    graph.add((text, builder.afg.characterCount, Literal(len(seed.text))))
    graph.add((text, SPDX.checksum, checksum))
    graph.add((text, DCTERMS.rights, RIGHTS))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(seed.sha256, datatype=XSD.hexBinary)))


def add_quote(builder: DatasetBuilder, article: ArticleFacts, span: Span) -> URIRef:
    """The quote node for ``span``, with both selectors; the same span gives the same node."""
    seed = article.seed
    mint, afg = builder.mint, builder.afg
    graph = builder.source(seed.id)
    quote = mint.quote(seed.id, span.start, span.end)
    if (quote, RDF.type, afg.Quote) in graph:
        return quote
    position = mint.selector(quote, "position")
    exact = mint.selector(quote, "exact")
    text = seed.text
    graph.add((quote, RDF.type, afg.Quote))
    graph.add((quote, RDF.type, OA.SpecificResource))
    graph.add((quote, RDF.type, PROV.Entity))
    graph.add((quote, PROV.wasQuotedFrom, mint.article(seed.id)))
    graph.add((quote, OA.hasSource, mint.source_text(seed.id)))
    section = article.section_at(span.start, span.end)
    graph.add((quote, afg.section, mint.concept("section", section)))
    graph.add((quote, DCTERMS.rights, RIGHTS))
    graph.add((quote, OA.hasSelector, position))
    graph.add((quote, OA.hasSelector, exact))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(span.start)))
    graph.add((position, OA.end, Literal(span.end)))
    graph.add((exact, RDF.type, OA.TextQuoteSelector))
    graph.add((exact, OA.exact, Literal(span.exact)))
    graph.add((exact, OA.prefix, Literal(text[max(0, span.start - CONTEXT) : span.start])))
    graph.add((exact, OA.suffix, Literal(text[span.end : span.end + CONTEXT])))
    return quote
