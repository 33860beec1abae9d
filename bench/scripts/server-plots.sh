#!/usr/bin/env bash
# Draws the server curves of docs/benchmarks.md from bench/scripts/server-summary.py's data files:
#   docs/server-throughput-vs-clients.png       committed ops/s against clients (closed loop)
#   docs/server-latency-vs-offered-load.png     ack latency percentiles against offered edits/s
# usage: bench/scripts/server-plots.sh [RESULTS_DIR]   (default bench/target/results/server)
# Needs gnuplot (Debian: apt-get install gnuplot-nox).
set -euo pipefail
cd "$(dirname "$0")/../.."
results=${1:-bench/target/results/server}
command -v gnuplot > /dev/null || { echo "server-plots: gnuplot is not installed (apt-get install gnuplot-nox)" >&2; exit 2; }
for file in clients.dat offered.dat; do
    [[ -s "$results/$file" ]] || { echo "server-plots: $results/$file is missing; run bench/scripts/server-summary.py $results" >&2; exit 2; }
done
gnuplot <<GNUPLOT
set terminal pngcairo size 800,500 font "sans,11"
set grid
set key top left

set output "docs/server-throughput-vs-clients.png"
set title "Weft server: committed ops/s against clients (4 per document, closed loop, durable SQLite)"
set xlabel "clients"
set ylabel "committed ops/s"
set logscale x 2
set yrange [0:*]
plot "$results/clients.dat" using 1:2 with linespoints lw 2 pt 7 title "committed ops/s"

set output "docs/server-latency-vs-offered-load.png"
set title "Weft server: ack latency against offered load (400 clients, 100 documents)"
set xlabel "offered edits/s"
set ylabel "ack latency, ms"
set logscale x 10
set logscale y 10
set yrange [*:*]
plot "$results/offered.dat" using 1:2 with linespoints lw 2 pt 7 title "p50", \
     "" using 1:3 with linespoints lw 2 pt 7 title "p90", \
     "" using 1:4 with linespoints lw 2 pt 7 title "p99", \
     "" using 1:5 with linespoints lw 2 pt 7 title "p99.9"
GNUPLOT
echo "wrote docs/server-throughput-vs-clients.png and docs/server-latency-vs-offered-load.png"
