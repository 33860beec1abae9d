#!/usr/bin/env bash
# Server workloads of docs/benchmarks.md ("Server"), Weft and ShareDB in one run:
#   peer      100 documents x 4 clients typing in a closed loop, Weft (durable SQLite) and ShareDB
#             (in-memory) taking turns, ROUNDS times each; prints the committed ops/s and the ratio
#   offered   400 clients over 100 documents at fixed offered rates (ack latency percentiles)
#   clients   closed loop with 4..400 clients, 4 per document (committed ops/s)
#   crowded   one document, N authors at 1 edit/s each (submit-to-every-other-author latency)
# Every `weft load` run writes its JSON figures into $out (bench/target/results/server by default);
# bench/scripts/server-summary.py turns them into tables, bench/scripts/server-plots.sh into PNGs.
# usage: bench/scripts/server-load.sh [peer|offered|clients|crowded ...]   (default: all four)
# Environment: ROUNDS (3), SECONDS_PER_RUN (8), WARMUP_SECONDS (5: each run types this long first
# and counts only what follows, Weft's and ShareDB's drivers alike), SERVER_WARMUP_SECONDS (20: before
# the peer rounds, each server takes this long of the same load, not counted, so a fresh JVM's
# compilation is not measured), WEFT_SERVER_OPTS (JVM options of the server,
# e.g. -XX:StartFlightRecording=filename=server.jfr), WEFT_BENCH_OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
out=${WEFT_BENCH_OUT:-bench/target/results/server}
mkdir -p "$out"
out=$(cd "$out" && pwd)
rounds=${ROUNDS:-3}
seconds=${SECONDS_PER_RUN:-8}
warmup=${WARMUP_SECONDS:-5}
workloads=("$@")
[[ ${#workloads[@]} -gt 0 ]] || workloads=(peer offered clients crowded)

# Hundreds of clients in one process, each with its own sockets and threads.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

mvn -B -q -ntp -pl ot-cli -am package -DskipTests
jar="$out/weft.jar"   # a copy: a concurrent build would rewrite ot-cli/target/weft.jar
cp ot-cli/target/weft.jar "$jar"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

data=$(mktemp -d)
node_dir=""
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$data" ${node_dir:+"$node_dir"}
}
trap cleanup EXIT

port=$(free_port)
# shellcheck disable=SC2086
# Every simulated user connects from 127.0.0.1, so the per-address message rate (1000/s by
# default, docs/security.md) would throttle the whole load generator: raise it, and the
# per-connection rate for the closed-loop runs.
java ${WEFT_SERVER_OPTS:-} -jar "$jar" serve --port "$port" --data-dir "$data/weft" \
    --messages-per-second 100000 --messages-per-second-per-address 10000000 \
    --max-connections-per-address 100000 > "$out/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done
url="ws://127.0.0.1:$port/ws"
echo "weft server on $url, data in $data/weft; load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/run.txt"

load() {  # load NAME ARGS...: one `weft load` run into $out/NAME.json
    local name=$1; shift
    echo "== $name: weft load $* (load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/run.txt"
    # A run that fails (an overloaded document can keep its final check waiting past its timeout)
    # is reported and the others still run; the summary leaves it out.
    java -Xmx2g -jar "$jar" load "$url" --duration "${seconds}s" --warmup "${warmup}s" --connect-timeout 60s \
        --json "$out/$name.json" "$@" \
        2>&1 | tee -a "$out/run.txt" || echo "== $name failed" | tee -a "$out/run.txt"
}

for workload in "${workloads[@]}"; do
    case $workload in
        peer)
            node_dir=$(mktemp -d)
            cp bench/sharedb/package.json bench/sharedb/package-lock.json bench/sharedb/*.js "$node_dir"
            (cd "$node_dir" && npm ci --no-audit --no-fund --silent && node --test edits.test.js > /dev/null)
            (cd "$node_dir" && exec node server.js) > "$out/sharedb-server.log" 2>&1 &
            pids+=($!)
            for _ in $(seq 100); do grep -q listening "$out/sharedb-server.log" && break; sleep 0.1; done
            sharedb_port=$(awk '/listening/ {print $2}' "$out/sharedb-server.log")
            server_warmup=${SERVER_WARMUP_SECONDS:-20}
            if [[ $server_warmup -gt 0 ]]; then
                echo "== warming both servers up: ${server_warmup} s of the same load each, not counted" | tee -a "$out/run.txt"
                java -Xmx2g -jar "$jar" load "$url" --duration "${server_warmup}s" --connect-timeout 60s \
                    --clients 400 --documents 100 --max-rate > /dev/null 2>&1 || true
                (cd "$node_dir" && node load.js "$sharedb_port" 400 100 "$server_warmup") > /dev/null 2>&1 || true
            fi
            for round in $(seq "$rounds"); do
                load "peer-weft-$round" --clients 400 --documents 100 --max-rate
                echo "== peer-sharedb-$round: node load.js 400 clients, 100 documents (load average $(cut -d' ' -f1-3 /proc/loadavg))" \
                    | tee -a "$out/run.txt"
                (cd "$node_dir" && node load.js "$sharedb_port" 400 100 "$seconds" "$warmup") | tee "$out/peer-sharedb-$round.json" \
                    | tee -a "$out/run.txt"
            done
            ;;
        offered)
            for rate in 1000 2500 5000 10000 20000; do
                load "offered-$rate" --clients 400 --documents 100 --rate "$rate"
            done
            ;;
        clients)
            for clients in 4 16 64 160 400; do
                load "clients-$clients" --clients "$clients" --documents $((clients / 4)) --max-rate
            done
            ;;
        crowded)
            for authors in 50 100 200 500; do
                load "crowded-$authors" --clients "$authors" --documents 1 --rate "$authors"
            done
            ;;
        *) echo "unknown workload $workload (peer, offered, clients, crowded)" >&2; exit 2 ;;
    esac
done
curl -sf "http://127.0.0.1:$port/metrics" > "$out/metrics.txt" || true
python3 bench/scripts/server-summary.py "$out" | tee "$out/summary.md"
