#!/usr/bin/env python3
"""Tables of bench/scripts/server-load.sh's results, and the data files the plots read.

usage: server-summary.py RESULTS_DIR
Reads the JSON figures (peer-weft-N, peer-sharedb-N, offered-RATE, clients-N, crowded-N), prints
Markdown tables (medians over the rounds, and the Weft/ShareDB ratio of the medians of one run),
and writes clients.dat and offered.dat beside them for bench/scripts/server-plots.sh.
"""
import json
import re
import statistics
import sys
from pathlib import Path


def load_runs(directory):
    """{name: figures} of every *.json file whose name is a workload run."""
    runs = {}
    for path in sorted(Path(directory).glob("*.json")):
        if re.fullmatch(r"(peer-(weft|sharedb)-\d+|offered-\d+|clients-\d+|crowded-\d+)", path.stem):
            text = path.read_text().strip()
            if text:
                runs[path.stem] = json.loads(text.splitlines()[-1] if path.stem.startswith("peer-sharedb") else text)
    return runs


def series(runs, prefix):
    """[(number, figures)] of the runs named PREFIX-NUMBER, by number."""
    found = []
    for name, figures in runs.items():
        match = re.fullmatch(re.escape(prefix) + r"-(\d+)", name)
        if match:
            found.append((int(match.group(1)), figures))
    return sorted(found, key=lambda pair: pair[0])


def peer_table(runs):
    weft = [f["committedPerSecond"] for _, f in series(runs, "peer-weft")]
    sharedb = [f["committedPerSecond"] for _, f in series(runs, "peer-sharedb")]
    if not weft or not sharedb:
        return []
    lines = ["| server | rounds | committed ops/s, each round | median | converged |", "|---|---|---|---|---|"]
    for name, values, prefix in (("Weft (SQLite, durable)", weft, "peer-weft"),
                                 ("ShareDB 7.0.0 (in-memory)", sharedb, "peer-sharedb")):
        converged = all(f["converged"] for _, f in series(runs, prefix))
        lines.append(f"| {name} | {len(values)} | {', '.join(f'{v:,.0f}' for v in values)} "
                     f"| {statistics.median(values):,.0f} | {'yes' if converged else 'NO'} |")
    lines.append("")
    lines.append(f"Weft / ShareDB, ratio of the medians: {ratio(weft, sharedb):.2f}x")
    return lines


def ratio(numerators, denominators):
    return statistics.median(numerators) / statistics.median(denominators)


def latency_cells(latency):
    if latency.get("count", 0) == 0:
        return "| - | - | - | - | - |"
    return "| " + " | ".join(f"{latency[k]:,.1f}" for k in ("p50", "p90", "p95", "p99", "max")) + " |"


def table(runs, prefix, label, latency_key):
    rows = series(runs, prefix)
    if not rows:
        return []
    lines = [f"| {label} | edits/s | committed ops/s | p50 ms | p90 ms | p95 ms | p99 ms | max ms | converged |",
             "|---|---|---|---|---|---|---|---|---|"]
    for number, f in rows:
        lines.append(f"| {number:,} | {f['editsPerSecond']:,.0f} | {f['committedPerSecond']:,.0f} "
                     + latency_cells(f[latency_key]) + f" {'yes' if f['converged'] else 'NO'} |")
    return lines


def write_dat(path, rows, columns):
    with open(path, "w") as out:
        out.write("# " + " ".join(columns) + "\n")
        for row in rows:
            out.write(" ".join(str(value) for value in row) + "\n")


def main(directory):
    runs = load_runs(directory)
    sections = [
        ("Peer: 400 clients over 100 documents, closed loop", peer_table(runs)),
        ("Offered load: 400 clients over 100 documents; ack latency", table(runs, "offered", "offered edits/s", "ackMs")),
        ("Clients: 4 per document, closed loop; ack latency", table(runs, "clients", "clients", "ackMs")),
        ("One crowded document, 1 edit/s per author; submit to every other author",
         table(runs, "crowded", "authors", "endToEndMs")),
    ]
    for title, lines in sections:
        if lines:
            print(f"### {title}\n")
            print("\n".join(lines) + "\n")
    write_dat(Path(directory) / "clients.dat",
              [(n, round(f["committedPerSecond"], 1)) for n, f in series(runs, "clients")],
              ["clients", "committed_per_second"])
    write_dat(Path(directory) / "offered.dat",
              [(n, *(f["ackMs"].get(k, 0) for k in ("p50", "p90", "p99", "p99_9")))
               for n, f in series(runs, "offered")],
              ["offered", "p50_ms", "p90_ms", "p99_ms", "p99_9_ms"])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
