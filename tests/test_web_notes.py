"""Entity pages show, as notes, those written for readers (skos:note) and leave curators'
notes (skos:editorialNote) to the page's table of raw triples, where the property names them as
such (issue 10)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient


def notes(client: FlaskClient, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    return "\n".join(re.findall(r'<p class="note">(.*?)</p>', html, flags=re.DOTALL))


def test_public_notes_are_shown_and_curator_notes_are_not(client: FlaskClient) -> None:
    shown = notes(client, "/doc/event/western-resistance-000")
    # 000's note for readers, and its note for curators (a key of the fact files), on one event
    assert "The resistance he led in the days leading to the Afghan government" in shown
    assert "western-resistance-front-000" not in shown


def test_notes_of_every_article_are_shown(client: FlaskClient) -> None:
    shown = notes(client, "/doc/person/ahmad-massoud")
    assert "named in the preceding sentence as leader of the NRF" in shown  # 001's note
    assert "His son" in shown  # 002's note
    assert "Massoud-led" in shown  # 003's note
