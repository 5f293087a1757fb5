"""A list's rows as a table: CSV (RFC 4180: a header row, CRLF line ends, fields quoted when
they hold a comma, a quote or a line end; UTF-8) or JSON (the same rows, with the view's
paging links), and the paging links of either as ``Link`` values (RFC 8288)."""

from __future__ import annotations

import csv
import io

from afgld.web.errors import html_safe_json
from afgld.web.views.lists import EXPORT_FIELDS, ListView, flat_row, json_document
from afgld.web.views.site import Site

MULTI = "; "  # between the values of one field in CSV


def json_bytes(payload: object) -> bytes:
    """JSON with ``<``, ``>`` and ``&`` escaped (inert if some client renders it as HTML)."""
    return (html_safe_json(payload) + "\n").encode("utf-8")


def export(site: Site, view: ListView, suffix: str) -> bytes:
    if suffix == "json":
        return json_bytes(json_document(site, view, suffix))
    fields = EXPORT_FIELDS[view.request.definition.shape]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for row in view.rows:
        flat = flat_row(site, row)
        writer.writerow([_field(flat[name]) for name in fields])
    return out.getvalue().encode("utf-8")


def _field(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return MULTI.join(str(v) for v in value)
    return str(value)


def paging_links(view: ListView, suffix: str) -> list[str]:
    """``Link`` values to the first, previous, next and last pages of the view."""
    return [
        f'<{url}>; rel="{rel}"'
        for rel, url in view.links(suffix).items()
        if rel != "self" and url is not None
    ]


__all__ = ["export", "json_bytes", "paging_links"]
