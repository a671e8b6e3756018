#!/usr/bin/env bash
# The real pgbench against a fresh Tessera cluster (through coordinator 1) and a fresh PostgreSQL 15, same machine,
# same run, same data: `pgbench -i -s SCALE -I dtgvp` (primary keys through ALTER TABLE on both), then runs of
# SECONDS each with CLIENTS clients: select-only (-S) and TPC-B-like, each in the simple and prepared query modes.
# The raw pgbench output of every run goes to RAW (default: none kept). SKIP_BUILD=1 runs the build already there;
# TESSERA_JVM_OPTS reaches every node (e.g. -Dtessera.shared_plans=false for a run without shared plans).
# A failed `pgbench -i` ends the script with exit status 1 and the end of pgbench's output on stderr.
# JOBS sets pgbench's -j (default: CLIENTS).
# Usage: [RAW=file] [SKIP_BUILD=1] [JOBS=n] bench/pgbench.sh [SCALE] [CLIENTS] [SECONDS]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SCALE="${1:-1}"
CLIENTS="${2:-4}"
SECONDS_PER_RUN="${3:-30}"
machine
[ -n "${SKIP_BUILD:-}" ] || build_bench
start_tessera
start_postgres
echo "load before: $(cat /proc/loadavg)"
RAW="${RAW:-/dev/null}"
run() { # system port user mode [-S]
  local out status=0
  out="$(pgbench -h 127.0.0.1 -p "$2" -U "$3" -n -M "$4" ${5:-} -c "$CLIENTS" -j "${JOBS:-$CLIENTS}" -T "$SECONDS_PER_RUN" \
    postgres 2>&1)" || status=$?
  echo "$out" >> "$RAW"
  if [ "$status" -ne 0 ]; then
    echo "$1 $4 ${5:-tpcb}: pgbench exited with status $status; the end of its output:" >&2
    tail -n 20 <<<"$out" >&2
  fi
  echo "$1 $4 ${5:-tpcb}: $(grep -E '^tps' <<<"$out" | head -1) | $(grep -E 'latency average' <<<"$out") |" \
    "$(grep -E 'failed' <<<"$out") | load $(cut -d' ' -f1-3 /proc/loadavg)"
}
for target in "tessera $TESSERA_BASE tessera" "postgresql $PG_PORT postgres"; do
  set -- $target
  t0=$(now)
  if ! pgbench -h 127.0.0.1 -p "$2" -U "$3" -q -i -s "$SCALE" -I dtgvp postgres >"$WORK/init-$1.log" 2>&1; then
    echo "$1 init (-s $SCALE, dtgvp) failed after $(elapsed "$t0") s; the end of pgbench's output:" >&2
    tail -n 20 "$WORK/init-$1.log" >&2
    exit 1
  fi
  echo "$1 init (-s $SCALE, dtgvp): $(elapsed "$t0") s"
done
for workload in -S ""; do
  for mode in simple prepared; do
    run tessera "$TESSERA_BASE" tessera "$mode" "$workload"
    run postgresql "$PG_PORT" postgres "$mode" "$workload"
  done
done
echo "load after: $(cat /proc/loadavg)"
