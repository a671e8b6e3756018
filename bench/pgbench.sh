#!/usr/bin/env bash
# The real pgbench against a fresh Tessera cluster (through coordinator 1) and a fresh PostgreSQL 15, same machine,
# same run, same data: `pgbench -i -s SCALE -I dtgv` (no primary keys on either: Tessera has no ALTER TABLE yet),
# then TPC-B-like runs of SECONDS each in the simple and prepared query modes with CLIENTS clients.
# Usage: bench/pgbench.sh [SCALE] [CLIENTS] [SECONDS]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SCALE="${1:-1}"
CLIENTS="${2:-4}"
SECONDS_PER_RUN="${3:-30}"
machine
build_bench
start_tessera
start_postgres
echo "load before: $(cat /proc/loadavg)"
run() { # system port user mode
  local out
  out="$(pgbench -h 127.0.0.1 -p "$2" -U "$3" -n -M "$4" -c "$CLIENTS" -j "$CLIENTS" -T "$SECONDS_PER_RUN" postgres 2>&1)"
  echo "$1 $4: $(grep -E '^tps' <<<"$out" | head -1) | $(grep -E 'latency average' <<<"$out") | $(grep -E 'failed' <<<"$out")"
}
for target in "tessera $TESSERA_BASE tessera" "postgresql $PG_PORT postgres"; do
  set -- $target
  t0=$(now)
  pgbench -h 127.0.0.1 -p "$2" -U "$3" -q -i -s "$SCALE" -I dtgv postgres >/dev/null 2>&1
  echo "$1 init (-s $SCALE, dtgv): $(elapsed "$t0") s"
done
for mode in simple prepared; do
  run tessera "$TESSERA_BASE" tessera "$mode"
  run postgresql "$PG_PORT" postgres "$mode"
done
echo "load after: $(cat /proc/loadavg)"
