"""Curate: seeds + fact files → typed facts. No rdflib in here."""
