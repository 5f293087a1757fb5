"""``afgld export-static``: the app's answers recorded over a build, written for nginx."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afgld.formats import FORMATS, HTML, JSON, TABLE_FORMATS, TEXT
from afgld.mirror.accept import Negotiation, Offer
from afgld.mirror.nginx import Listen, write_config, write_files
from afgld.mirror.snapshot import ExportError, Snapshot, record

# The app's offers in its own order (web/negotiation.py PAGE_OFFERS, web/errors.py
# ERROR_OFFERS: the order breaks ties); checked against the app's 406 message below.
PAGE_OFFERS = (Offer("html", HTML), *(Offer(f.suffix, f.media_type) for f in FORMATS))
ERROR_OFFERS = (
    Offer("html", HTML),
    Offer("json", JSON),
    Offer("txt", TEXT),
    *(Offer(f.suffix, f.media_type) for f in FORMATS),
)
# A list's (web/answer.py LIST_OFFERS): the page's, then its rows as CSV and JSON.
LIST_OFFERS = (*PAGE_OFFERS, *(Offer(f.suffix, f.media_type) for f in TABLE_FORMATS))
PAGE = Negotiation("page", PAGE_OFFERS, default="", no_accept="html")
LIST = Negotiation("list", LIST_OFFERS, default="", no_accept="html")
ERROR = Negotiation("error", ERROR_OFFERS, default="txt", no_accept="txt")


@dataclass(frozen=True)
class Export:
    out: Path
    config: Path
    snapshot: Snapshot
    bytes: int
    listen: Listen

    def summary(self) -> str:
        s = self.snapshot
        return (
            f"wrote {self.out}: {len(s.files)} files ({self.bytes:,} bytes with their gzip "
            f"twins), {len(s.negotiated)} negotiated URLs, {len(s.see_other)} thing IRIs\n"
            f"run: nginx -p {self.out} -c {self.config}"
        )


def export_static(
    settings: Mapping[str, Any],
    out: Path,
    listen: str,
    upstream: str | None = None,
    follow: Callable[[str], bool] = lambda path: True,
) -> Export:
    """Ask the app built by ``create_app(settings)`` for every document; write them and the
    nginx configuration serving them to ``out``."""
    from afgld.web.app import create_app
    from afgld.web.extension import services

    app = create_app({**settings, "PAGE_CACHE_BYTES": 0})
    try:
        snapshot = record(app.test_client(), PAGE_OFFERS, ERROR_OFFERS, follow, LIST_OFFERS)
    finally:
        services(app).store.close()  # and its query processes, if the export started them
    check_offers(snapshot)
    out.mkdir(parents=True, exist_ok=True)
    size = write_files(snapshot, out)
    address = Listen.parse(listen)
    config = write_config(snapshot, out, address, upstream, (PAGE, LIST, ERROR))
    return Export(out, config, snapshot, size, address)


def check_offers(snapshot: Snapshot) -> None:
    """The app's 406 lists its offers in its order; the mirror's must be the same."""
    answer = snapshot.errors.get((406, "txt"))
    listed = ", ".join(o.media_type for o in PAGE_OFFERS)
    if answer is None or listed not in answer.body.decode("utf-8"):
        raise ExportError(f"the app's 406 does not list {listed}: the mirror's offers are stale")
