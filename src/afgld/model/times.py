"""Time nodes: the words of the text, and a value only as precise as the text allows.

OWL-Time (https://www.w3.org/TR/owl-time/) positions; SEM earliest/latest bounds for ranges.
Precision is data: the datatype of ``afg:dateValue`` and ``afg:precision`` both carry it.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, TIME, XSD

from afgld.curate.facts import TimeSpec
from afgld.model.builder import DatasetBuilder
from afgld.namespaces import SEM

POSITION = {"date": TIME.inXSDDate, "gYear": TIME.inXSDgYear, "gYearMonth": TIME.inXSDgYearMonth}
TIME_DAYS = {
    "monday": TIME.Monday,
    "tuesday": TIME.Tuesday,
    "wednesday": TIME.Wednesday,
    "thursday": TIME.Thursday,
    "friday": TIME.Friday,
    "saturday": TIME.Saturday,
    "sunday": TIME.Sunday,
}


def add_time(builder: DatasetBuilder, seed_id: str, spec: TimeSpec) -> URIRef:
    mint, afg = builder.mint, builder.afg
    graph = builder.entities
    node = mint.time(seed_id, spec.id)
    ranged = spec.precision in ("years", "weekend", "season")
    graph.add((node, RDF.type, TIME.ProperInterval if ranged else TIME.Instant))
    graph.add((node, RDF.type, TIME.TemporalEntity))
    graph.add((node, afg.dateAsStated, Literal(spec.as_stated, lang="en")))
    graph.add((node, RDFS.label, Literal(spec.as_stated, lang="en")))  # shown as the text says
    graph.add((node, afg.precision, mint.concept("precision", spec.precision)))
    if spec.season:
        graph.add((node, afg.season, mint.concept("season", spec.season)))
    if spec.value and spec.datatype and not spec.season:
        datatype: URIRef = getattr(XSD, spec.datatype)
        graph.add((node, afg.dateValue, Literal(spec.value, datatype=datatype)))
        if spec.datatype in POSITION:
            graph.add((node, POSITION[spec.datatype], Literal(spec.value, datatype=datatype)))
    if ranged and spec.earliest and spec.latest:
        graph.add((node, SEM.hasEarliestBeginTimeStamp, Literal(spec.earliest, datatype=XSD.date)))
        graph.add((node, SEM.hasLatestEndTimeStamp, Literal(spec.latest, datatype=XSD.date)))
    if spec.relative_to:
        graph.add((node, afg.relativeTo, mint.time(seed_id, spec.relative_to)))
    if spec.rule:
        graph.add((node, afg.resolutionRule, Literal(spec.rule, lang="en")))
    if spec.datatype in ("gMonthDay", "gMonth") or spec.season:
        _describe(builder, node, spec)
    elif spec.weekday and spec.datatype != "date":
        _describe(builder, node, spec)
    return node


def _describe(builder: DatasetBuilder, node: URIRef, spec: TimeSpec) -> None:
    """A GeneralDateTimeDescription for what the text fixes: a day and month, a weekday, a month
    of an unstated year, or the year of a season."""
    graph = builder.entities
    description = builder.mint.time_description(node)
    graph.add((node, TIME.inDateTime, description))
    graph.add((description, RDF.type, TIME.GeneralDateTimeDescription))
    unit = TIME.unitDay
    if spec.datatype == "gMonth" and spec.value:
        unit = TIME.unitMonth
        month = spec.value[2:4]
        graph.add((description, TIME.month, Literal(f"--{month}", datatype=TIME.generalMonth)))
    if spec.season:
        unit = TIME.unitYear
        if spec.value:
            graph.add((description, TIME.year, Literal(spec.value, datatype=XSD.gYear)))
    graph.add((description, TIME.unitType, unit))
    if spec.datatype == "gMonthDay" and spec.value:
        month, day = spec.value[2:4], spec.value[5:7]
        graph.add((description, TIME.month, Literal(f"--{month}", datatype=TIME.generalMonth)))
        graph.add((description, TIME.day, Literal(f"---{day}", datatype=TIME.generalDay)))
    if spec.weekday:
        graph.add((description, TIME.dayOfWeek, TIME_DAYS[spec.weekday]))
