#!/usr/bin/env bash
# Runs every Weft benchmark the way docs/benchmarks.md reports them: the JMH suite (one run, each
# target beside its baseline), ot-text-unicode under node on the same transform pairs, and the
# rope's memory footprint. Results go to bench/target/results/ (or $WEFT_BENCH_OUT). About 15 minutes.
# usage: bench/scripts/run-all.sh [extra JMH options, e.g. -f 1 -wi 1 -i 1 for a smoke run]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${WEFT_BENCH_OUT:-bench/target/results}
mkdir -p "$out"
mvn -B -q -pl bench -am package -DskipTests
# Run from a copy: a concurrent build of the project would rewrite target/benchmarks.jar under
# the JMH forks.
jar="$out/benchmarks.jar"
cp bench/target/benchmarks.jar "$jar"

java -jar "$jar" 'TraceReplayBenchmark|RandomEditBenchmark|TransformBenchmark' "$@" \
    -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"

: > "$out/node.jsonl"
if command -v npm > /dev/null; then
    node_dir=$(mktemp -d)
    cp bench/node/package.json bench/node/transform.js "$node_dir"
    (cd "$node_dir" && npm install --no-audit --no-fund --silent)
    for shape in single-edit eight-components; do
        java -cp "$jar" dev.weft.bench.TransformPairs "$shape" "$node_dir/$shape.jsonl"
        node "$node_dir/transform.js" "$node_dir/$shape.jsonl" | tee -a "$out/node.jsonl"
    done
    rm -rf "$node_dir"
fi

java -Xms2g -Xmx2g -cp "$jar" dev.weft.bench.RopeFootprint | tee "$out/footprint.txt"

python3 bench/scripts/summarize.py "$out/jmh.json" "$out/node.jsonl" | tee "$out/summary.md"
