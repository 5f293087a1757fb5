"""Markdown tables, as ratios to the Oxigraph server, from a bench/results/*.json file.

python bench/report.py bench/results/20261130T203500.json >> docs/benchmarks.md
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}×" if theirs else "–"


def throughput_ratio(result: dict[str, Any], name: str = "afgld") -> float:
    """The median of the per-round ratios where the bench took turns, else the plain ratio."""
    if "throughput_ratio" in result:
        return float(result["throughput_ratio"][name])
    rps = result["throughput_rps"]
    return float(rps[name] / rps["oxigraph"])


def dataset_table(result: dict[str, Any]) -> list[str]:
    lines = [
        f"### {result['dataset']} ({result['quads']:,} quads)",
        "",
        "| query | afgld median (p95) ms | Oxigraph median (p95) ms | ratio of medians |"
        + (" rdflib-endpoint median ms |" if "rdflib-endpoint" in result["start_s"] else ""),
        "|---|---|---|---|" + ("---|" if "rdflib-endpoint" in result["start_s"] else ""),
    ]
    for name, servers in result["queries"].items():
        ours, theirs = servers["afgld"], servers["oxigraph"]
        row = (
            f"| {name} | {ours['median_ms']:.2f} ({ours['p95_ms']:.2f}) "
            f"| {theirs['median_ms']:.2f} ({theirs['p95_ms']:.2f}) "
            f"| {ratio(ours['median_ms'], theirs['median_ms'])} |"
        )
        if "rdflib-endpoint" in servers:
            row += f" {servers['rdflib-endpoint']['median_ms']:.2f} |"
        lines.append(row)
    rps, start, rss = result["throughput_rps"], result["start_s"], result["rss_mb"]
    cheap = result.get("cheap_query", {})
    if cheap:
        lines.append(
            f"| cheap `ASK` (the throughput query) | {cheap['afgld']['median_ms']:.2f} "
            f"({cheap['afgld']['p95_ms']:.2f}) | {cheap['oxigraph']['median_ms']:.2f} "
            f"({cheap['oxigraph']['p95_ms']:.2f}) "
            f"| {ratio(cheap['afgld']['median_ms'], cheap['oxigraph']['median_ms'])} |"
            + (" |" if "rdflib-endpoint" in result["start_s"] else "")
        )
    floor = ""
    if "floor" in rps:
        floor = (
            " An empty Flask view under the same server (the floor of HTTP in Python here): "
            f"{cheap['floor']['median_ms']:.2f} ms median, {rps['floor']:.0f} req/s."
        )
    lines += [
        "",
        f"Throughput on a cheap `ASK`, 4 concurrent clients: afgld {rps['afgld']:.0f} req/s, "
        f"Oxigraph {rps['oxigraph']:.0f} req/s (ratio {throughput_ratio(result):.2f})."
        f"{floor} "
        f"Ready to answer after: afgld {start['afgld']} s (the build holds its index), "
        f"Oxigraph {start['oxigraph']} s (`oxigraph load` + start). Resident memory of the "
        f"process tree: afgld {rss['afgld']} MiB, Oxigraph {rss['oxigraph']} MiB"
        + (f", rdflib-endpoint {rss['rdflib-endpoint']} MiB." if "rdflib-endpoint" in rss else "."),
        "",
    ]
    return lines


def main() -> None:
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    for result in data["results"]:
        print("\n".join(dataset_table(result)))


if __name__ == "__main__":
    main()
