#!/usr/bin/env bash
# Recovery (target 6 of docs/benchmarks.md, "Server"): a data directory with OPS committed
# operations (default 1,000,000 over 100 documents, filled by dev.weft.bench.RecoveryFill through
# the server's store), a server killed with kill -9 while `weft load` writes to it, and the time
# from starting the server again until /healthz answers, and until the first stored document (its
# snapshot plus the operations after it) is served. ROUNDS kills (default 5); prints each and the
# median.
# usage: bench/scripts/server-recovery.sh   Environment: OPS, DOCUMENTS, ROUNDS, CDS (1: with the
# class-data archive ./weft serve uses, as below; 0: without), WEFT_BENCH_OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${WEFT_BENCH_OUT:-bench/target/results/server}
mkdir -p "$out"
ops=${OPS:-1000000}
documents=${DOCUMENTS:-100}
rounds=${ROUNDS:-5}

mvn -B -q -ntp -pl ot-cli,bench -am package -DskipTests
cp ot-cli/target/weft.jar "$out/weft-recovery.jar"
cp bench/target/benchmarks.jar "$out/benchmarks-recovery.jar"
jar="$out/weft-recovery.jar"

data=$(mktemp -d)
server=""
cleanup() { [[ -n "$server" ]] && kill -9 "$server" 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT

java -Xmx2g -cp "$out/benchmarks-recovery.jar" dev.weft.bench.RecoveryFill "$data/weft" "$ops" "$documents" \
    | tee "$out/recovery.txt"
echo "data directory: $(du -sh "$data/weft" | cut -f1); load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/recovery.txt"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

millis() { echo $(( $(date +%s%N) / 1000000 )); }

# As ./weft serve does (CDS=1, the default): one clean start and stop writes the class-data
# archive, and every restart maps it. CDS=0 starts without one.
java_opts=()
if [[ "${CDS:-1}" != 0 ]]; then
    archive="$out/weft-recovery.jsa"
    rm -f "$archive"
    java "-XX:ArchiveClassesAtExit=$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" serve \
        --port "$port" --data-dir "$data/weft" >> "$out/recovery-server.log" 2>&1 &
    server=$!
    until curl -sf "http://127.0.0.1:$port/healthz" > /dev/null; do sleep 0.05; done
    curl -sf "http://127.0.0.1:$port/api/docs/rec-0" > /dev/null
    kill "$server"
    wait "$server" || true
    server=""
    java_opts=("-XX:SharedArchiveFile=$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
echo "class-data archive: ${CDS:-1} (CDS=0 starts without one)" | tee -a "$out/recovery.txt"

start_server() {  # starts the server; sets server (pid), health and document (ms from the java launch)
    local t0
    t0=$(millis)
    java "${java_opts[@]}" -jar "$jar" serve --port "$port" --data-dir "$data/weft" >> "$out/recovery-server.log" 2>&1 &
    server=$!
    until curl -sf "http://127.0.0.1:$port/healthz" > /dev/null; do sleep 0.01; done
    health=$(( $(millis) - t0 ))
    curl -sf "http://127.0.0.1:$port/api/docs/rec-0" > /dev/null
    document=$(( $(millis) - t0 ))
}

: > "$out/recovery-rounds.txt"
start_server
for round in $(seq "$rounds"); do
    java -jar "$jar" load "ws://127.0.0.1:$port/ws" --clients 8 --documents 8 --doc-prefix "rec-" \
        --rate 2000 --duration 30s > /dev/null 2>&1 &
    loader=$!
    sleep 3
    kill -9 "$server"
    wait "$server" 2>/dev/null || true
    kill "$loader" 2>/dev/null || true
    wait "$loader" 2>/dev/null || true
    start_server
    echo "round $round: serving /healthz after $health ms, document rec-0 after $document ms" | tee -a "$out/recovery.txt"
    echo "$health $document" >> "$out/recovery-rounds.txt"
done
python3 - "$out/recovery-rounds.txt" <<'PY' | tee -a "$out/recovery.txt"
import statistics, sys
rows = [tuple(map(int, line.split())) for line in open(sys.argv[1]) if line.strip()]
print(f"median of {len(rows)} kills: /healthz after {statistics.median(r[0] for r in rows):.0f} ms,"
      f" first document after {statistics.median(r[1] for r in rows):.0f} ms")
PY
