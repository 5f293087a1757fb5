"""The full build at scale against a peer measured in the same run: one synthetic release
built by this checkout's code and by another's (an earlier commit), each in a fresh process,
interleaved round by round (peer first in odd rounds, ours first in even ones).

    git archive <commit> | tar -x -C /tmp/peer      # the code to compare with
    python bench/build_bench.py --triples 1000000 --rounds 3 --peer /tmp/peer

Both sides get the same quads (``synthetic.generate``) and the same stand-in for the model (an
rdflib Dataset made term by term, ``synthetic.model_dataset``), timed apart as ``model_s``; then
each side builds with its own code (``build_s``): ours as ``afgld build`` does after validation
(``synthetic.build_after_model``), the peer with its ``write_build``. Peak memory is each
process's maximum resident set. The load average before each run is kept: this machine is
shared, and only the ratio within a round means much. Results: ``bench/results/build-*.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = "http://127.0.0.1:8080/"


def child(triples: int, out: Path) -> None:
    """One build, with whatever ``afgld`` is first on the path; prints its figures as JSON."""
    sys.path.insert(0, str(HERE))
    import synthetic

    quads = synthetic.generate(triples, BASE)
    count = len(quads)
    started = time.perf_counter()
    dataset = synthetic.model_dataset(quads, "add")
    modelled = time.perf_counter()
    del quads  # the generator's list: a real build never holds it beside the model's dataset
    try:
        from afgld.build.pipeline import describer  # noqa: F401  (this checkout's build)
    except ImportError:  # an earlier build: dumps, VoID-less
        from afgld.build import write_build
        from afgld.namespaces import Space

        meta: dict[str, object] = {"base_iri": BASE, "release": "0.0.1"}
        meta["ontology_version"] = "synthetic"
        meta["inputs_sha256"] = "0" * 64
        write_build(dataset, out, prefixes=Space(BASE).prefixes(), meta=meta)
    else:
        synthetic.build_after_model(dataset, out, BASE)
    built = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    figures = {"model_s": round(modelled - started, 1), "build_s": round(built - modelled, 1)}
    print(json.dumps({**figures, "peak_rss_mib": peak, "quads": count}))


def run(side: str, source: Path, triples: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="afgld-build-bench-") as scratch:
        env = {**os.environ, "PYTHONPATH": str(source / "src")}
        load = os.getloadavg()[0]
        command = [sys.executable, str(Path(__file__).resolve()), "--child"]
        command += ["--triples", str(triples), "--out", str(Path(scratch) / "build")]
        done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    figures: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return {"side": side, "load_before": round(load, 2), **figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--peer", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.triples, args.out)
        return
    sides = [("ours", HERE.parent)] + ([("peer", args.peer.resolve())] if args.peer else [])
    runs = []
    for number in range(args.rounds):
        for side, source in sides if number % 2 else list(reversed(sides)):
            runs.append({"round": number + 1, **run(side, source, args.triples)})
            print(json.dumps(runs[-1]), flush=True)
    summary: dict[str, object] = {}
    for side, _ in sides:
        mine = [r for r in runs if r["side"] == side]
        for figure in ("model_s", "build_s", "peak_rss_mib"):
            values = [float(str(r[figure])) for r in mine]
            summary[f"{side}_{figure}_median"] = round(statistics.median(values), 2)
    if args.peer:
        ratios = []
        for number in range(1, args.rounds + 1):
            pair = {r["side"]: float(str(r["build_s"])) for r in runs if r["round"] == number}
            ratios.append(round(pair["ours"] / pair["peer"], 3))
        summary["build_ratio_per_round"] = ratios
        summary["build_ratio_median"] = statistics.median(ratios)
    print(json.dumps(summary, indent=1))
    sys.path.insert(0, str(HERE))
    from loadkit import save_results

    payload = {"triples": args.triples, "runs": runs, "summary": summary}
    print(save_results(HERE, "build-", payload))


if __name__ == "__main__":
    main()
