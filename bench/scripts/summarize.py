#!/usr/bin/env python3
"""Summarizes a JMH JSON result (java -jar benchmarks.jar ... -rf json) for docs/benchmarks.md.

For every benchmark and parameter set: the median, minimum and maximum of all measured iteration
scores over all forks, JMH's mean with its 99.9% error, and the ratio of medians to the baseline
measured in the same run. Optional node results (JSON lines from bench/node/transform.js) are
listed beside the transform benchmark. Standard library only.

usage: summarize.py JMH.json [NODE.jsonl]
"""
import json
import statistics
import sys


def short(name):
    cls, method = name.rsplit(".", 2)[-2:]
    return cls.replace("Benchmark", ""), method


def params_text(params):
    return ", ".join(f"{k}={v}" for k, v in sorted((params or {}).items()))


def rows(results):
    out = []
    for r in results:
        cls, method = short(r["benchmark"])
        metric = r["primaryMetric"]
        scores = [s for fork in metric["rawData"] for s in fork]
        out.append({
            "cls": cls, "method": method, "params": r.get("params") or {},
            "median": statistics.median(scores), "min": min(scores), "max": max(scores),
            "n": len(scores), "forks": r.get("forks"),
            "score": metric["score"], "error": metric["scoreError"], "unit": metric["scoreUnit"],
        })
    return out


def find(table, cls, method, **params):
    for row in table:
        if row["cls"] == cls and row["method"] == method and all(row["params"].get(k) == v for k, v in params.items()):
            return row
    return None


def fmt(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:,.2f}"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        table = rows(json.load(f))
    print("| benchmark | params | median | min | max | JMH mean ± 99.9% error | unit | iterations (forks) |")
    print("|---|---|---:|---:|---:|---:|---|---:|")
    for r in table:
        print(f"| {r['cls']}.{r['method']} | {params_text(r['params'])} | {fmt(r['median'])} | {fmt(r['min'])} | "
              f"{fmt(r['max'])} | {fmt(r['score'])} ± {fmt(r['error'])} | {r['unit']} | {r['n']} ({r['forks']}) |")

    print("\nRatios of medians, same run:\n")
    for trace in ("automergePaper", "sveltecomponent"):
        base = find(table, "TraceReplay", trace + "StringBuilder")
        for variant in ("Rope", "RopePrebuiltOps"):
            row = find(table, "TraceReplay", trace + variant)
            if row and base:
                print(f"- {trace}{variant} / {trace}StringBuilder = {row['median'] / base['median']:.2f}x")
    smallest = find(table, "RandomEdit", "rope", characters="100000")
    for size in ("100000", "1048576", "67108864"):
        rope = find(table, "RandomEdit", "rope", characters=size)
        sb = find(table, "RandomEdit", "stringBuilder", characters=size)
        if rope and smallest:
            text = f"- RandomEdit.rope at {size}: {rope['median'] / smallest['median']:.2f}x the 100000-character rate"
            if sb:
                text += f", {rope['median'] / sb['median']:,.1f}x StringBuilder"
            print(text)
    if len(sys.argv) > 2:
        with open(sys.argv[2]) as f:
            for line in f:
                if not line.strip():
                    continue
                node = json.loads(line)
                shape = node["file"].rsplit("/", 1)[-1].removesuffix(".jsonl")
                weft = find(table, "Transform", "transform", shape=shape)
                text = f"- ot-text-unicode {node['node']} {shape}: median {node['medianOpsPerSecond']:,} ops/s"
                if weft:
                    text += f"; Weft / ot-text-unicode = {weft['median'] / node['medianOpsPerSecond']:.2f}x"
                print(text)


if __name__ == "__main__":
    main()
