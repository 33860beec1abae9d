#!/usr/bin/env bash
# Idle connections (target 4 of docs/benchmarks.md, "Server"): a server with a 1 GiB heap
# (-Xmx1g), COUNT WebSocket connections (default 10,000) that each say hello and then only answer
# heartbeat pings, held for HOLD seconds (default 40: two 15 s heartbeat intervals). The server's
# used heap after a full GC (jcmd GC.run, then GC.heap_info) before and while they are held gives
# the heap per idle connection. The client side is dev.weft.bench.IdleConnections.
# usage: bench/scripts/server-connections.sh   Environment: COUNT, HOLD, WEFT_BENCH_OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${WEFT_BENCH_OUT:-bench/target/results/server}
mkdir -p "$out"
count=${COUNT:-10000}
hold=${HOLD:-40}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

mvn -B -q -ntp -pl ot-cli,bench -am package -DskipTests
cp ot-cli/target/weft.jar "$out/weft-connections.jar"
cp bench/target/benchmarks.jar "$out/benchmarks-connections.jar"

data=$(mktemp -d)
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# All the connections come from 127.0.0.1: lift the per-address limits (docs/security.md).
java -Xmx1g -jar "$out/weft-connections.jar" serve --port "$port" --data-dir "$data/weft" \
    --max-connections-per-address 1000000 --messages-per-second-per-address 10000000 \
    > "$out/connections-server.log" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/healthz" > /dev/null; do sleep 0.1; done

used_heap_kib() {  # the server's used heap after a full GC, in KiB
    jcmd "$server" GC.run > /dev/null
    jcmd "$server" GC.heap_info | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -1
}
before=$(used_heap_kib)
java -Xmx1g -cp "$out/benchmarks-connections.jar" dev.weft.bench.IdleConnections "ws://127.0.0.1:$port/ws" "$count" "$hold" \
    > "$out/connections-client.txt" 2>&1 &
client=$!
until grep -q holding "$out/connections-client.txt" 2>/dev/null || ! kill -0 "$client" 2>/dev/null; do sleep 0.5; done
sleep $(( hold / 2 ))
held=$(curl -sf "http://127.0.0.1:$port/healthz")
during=$(used_heap_kib)
wait "$client"
{
    echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
    cat "$out/connections-client.txt"
    echo "server /healthz while held: $held"
    echo "server used heap after full GC: before ${before} KiB, with the connections held ${during} KiB"
    python3 -c "import sys; b,d,n=map(int,sys.argv[1:]); print(f'heap per idle connection: {(d-b)*1024/n:,.0f} bytes ({(d-b)/1024:,.1f} MiB for {n:,})')" \
        "$before" "$during" "$count"
} | tee "$out/connections.txt"
