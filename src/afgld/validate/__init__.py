"""Validate: fact files against seeds, then the RDF against SHACL shapes and the ontology.

Returns a Report; never exits. ``afgld validate`` turns the report into an exit code.
"""

from __future__ import annotations

from afgld.validate.report import Report, validate_project

__all__ = ["Report", "validate_project"]
