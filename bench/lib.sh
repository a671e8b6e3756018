#!/usr/bin/env bash
# Shared helpers of the benchmark scripts: a throwaway Tessera cluster and a throwaway PostgreSQL 15, both on
# loopback ports of this machine, torn down on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
WORK="$(mktemp -d /tmp/tessera-bench.XXXXXX)"
chmod 755 "$WORK"
TESSERA_HOME="$WORK/tessera"
PG_DATA="$WORK/pg"
TESSERA_BASE="${TESSERA_BASE:-46000}"
PG_PORT="${PG_PORT:-46500}"

now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }

cleanup() {
  "$ROOT/tessera" stop --home "$TESSERA_HOME" >/dev/null 2>&1 || true
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

start_tessera() { # TESSERA_COORDINATORS: how many coordinators (default 2; pgbench always uses the first)
  "$ROOT/tessera" init --home "$TESSERA_HOME" --base-port "$TESSERA_BASE" \
    --coordinators "${TESSERA_COORDINATORS:-2}" >/dev/null
  "$ROOT/tessera" start --home "$TESSERA_HOME" >/dev/null
}

start_postgres() {
  mkdir -p "$PG_DATA" && chown postgres "$PG_DATA"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -o "-p $PG_PORT -k /tmp" -w start >/dev/null
}

# tsql SQL... : psql against coordinator 1; pgsql SQL... : psql against PostgreSQL
tsql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$TESSERA_BASE" -U tessera -d postgres "$@"; }
pgsql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }

# Builds the reactor into this checkout's target/ directories only (package, never install: ~/.m2 is shared) and
# sets BENCH_CP: the integration tests' classes, the distribution's jars (ctl/target/lib, built from this
# checkout) and the third-party test dependencies. Their classpath is written by the same reactor build
# (dependency:build-classpath after package, each module into its own target/bench.classpath), so Tessera's own
# modules resolve from the reactor and a fresh clone needs nothing of Tessera's in ~/.m2.
build_bench() {
  local goals=(-B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath)
  (cd "$ROOT" && mvn -o "${goals[@]}" >/dev/null 2>&1 || mvn "${goals[@]}")
  rm -f "$ROOT"/ctl/target/lib/guava-*-android.jar
  # the reactor's own modules (paths under $ROOT) are in ctl/target/lib already
  BENCH_CP="$ROOT/integration-tests/target/test-classes:$ROOT/ctl/target/lib/*:$(tr ':' '\n' \
    < "$ROOT/integration-tests/target/bench.classpath" | grep -v "^$ROOT/" | paste -sd:)"
}

# gc_logs: every node started after this logs its GC (one file per process id), read by peak_heap
gc_logs() {
  mkdir -p "$WORK/gc"
  export TESSERA_JVM_OPTS="${TESSERA_JVM_OPTS:-} -Xlog:gc:file=$WORK/gc/gc-%p.log"
}

# peak_heap: "NAME PEAK_MB" for every node, the largest heap in use before a collection in its GC log
peak_heap() {
  for pidfile in "$TESSERA_HOME"/*/tessera.pid; do
    local name pid log
    name="$(basename "$(dirname "$pidfile")")"
    pid="$(cat "$pidfile")"
    log="$WORK/gc/gc-$pid.log"
    if [ -f "$log" ]; then
      printf '%s %s MB  ' "$name" "$(grep -o '[0-9]*M->' "$log" | sed 's/M->//' | sort -n | tail -1)"
    fi
  done
  echo
}

# wait_idle: waits until the cluster's processes use less than 5% of a core over one second (RocksDB's flushes and
# compactions after a load finished), at most 300 s; prints how long it waited
wait_idle() {
  local start ticks prev pids
  start=$(now)
  pids="$(cat "$TESSERA_HOME"/*/tessera.pid | paste -sd' ')"
  cpu() { local p t=0; for p in $pids; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo $t; }
  prev=$(cpu)
  while :; do
    sleep 1
    ticks=$(cpu)
    # clock ticks are 1/100 s: under 5 ticks in a second is under 5% of a core
    [ $((ticks - prev)) -lt 5 ] && break
    [ "$(echo "$(now) - $start > 300" | bc)" = 1 ] && break
    prev=$ticks
  done
  printf '%.0f' "$(elapsed "$start")"
}

machine() {
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)"
}
