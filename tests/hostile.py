"""A copy of the mini project with hostile strings and a curators' conflict, for page tests."""

from __future__ import annotations

from pathlib import Path

HOSTILE = "<script>alert(\"x\")</script> & 'quoted' <img src=x onerror=alert(1)>"
FACT_FILE = "mappings/002_mini.yaml"


def _yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def make_hostile(root: Path) -> None:
    """Hostile text in a curator's note, an event label, a claim, and a conflict's note."""
    path = root / FACT_FILE
    text = path.read_text(encoding="utf-8")
    replacements = {
        "ali-maisam-nazary: {kind: person, label: Ali Maisam Nazary, names: [Ali Maisam Nazary]}": (
            "ali-maisam-nazary: {kind: person, label: Ali Maisam Nazary, "
            f"names: [Ali Maisam Nazary], note: {_yaml('Note ' + HOSTILE)}}}"
        ),
        "iran-meeting-002: {kind: event, type: meeting, "
        "label: Taliban–NRF meeting in Iran (002),": (
            f"iran-meeting-002: {{kind: event, type: meeting, label: {_yaml('Meeting ' + HOSTILE)},"
        ),
        "      - says: The NRF is the last bastion against total Taliban control.\n": (
            "      - id: bastion\n"
            f"        says: {_yaml('The NRF is the last bastion ' + HOSTILE)}\n"
            "        disputes: mindset\n"
        ),
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    (root / "mappings" / "curation.yaml").write_text(
        "curator: afgld curators\n"
        "judgements:\n"
        "  - id: test-conflict\n"
        "    kind: conflict\n"
        "    date: 2026-11-30\n"
        "    certainty: certain\n"
        f"    basis: {_yaml('Basis ' + HOSTILE)}\n"
        "    pairs: [['002#mindset', '002#bastion']]\n"
        f"    on: {_yaml('Disagreement ' + HOSTILE)}\n"
        f"    note: {_yaml('Judged in conflict ' + HOSTILE)}\n",
        encoding="utf-8",
    )
