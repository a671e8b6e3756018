#!/usr/bin/env bash
# pgbench under Java Flight Recorder: a fresh Tessera cluster (tessera init: 2 coordinators, 2 datanodes, GTM),
# `pgbench -i -s SCALE -I dtgvp` through coordinator 1, then for each workload (-S simple, -S prepared, TPC-B
# simple, TPC-B prepared) a JFR recording (settings=profile: execution and allocation samples) of every node
# during a SECONDS-long run of CLIENTS clients. Recordings go to OUT/<workload>/<node>.jfr and the hot spots
# (bench/jfr-top.py) to OUT/<workload>/<node>.txt. Each run also prints the CPU time every node's process used
# during it (user + system, from /proc/PID/stat) per pgbench transaction: on a shared machine the throughput
# measures the scheduler as much as the code, the CPU time per transaction much less so.
# Each workload first runs WARMUP seconds (default 10) unrecorded: the sessions' first plans and the JIT's
# compilation are not what a steady state spends its time on.
# JFR=0 leaves the recordings out (only the throughput and the CPU time per transaction).
# Usage: [WARMUP=s] [JFR=0] bench/profile.sh [SCALE] [CLIENTS] [SECONDS] [OUT]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SCALE="${1:-10}"
CLIENTS="${2:-8}"
SECONDS_PER_RUN="${3:-20}"
OUT="${4:-$ROOT/target/profile}"
mkdir -p "$OUT"
machine
[ -n "${SKIP_BUILD:-}" ] || build_bench
export TESSERA_JVM_OPTS="${TESSERA_JVM_OPTS:-} -XX:FlightRecorderOptions:stackdepth=256"
start_tessera
cpu_ticks() { # the user + system clock ticks of process $1
  awk '{print $14 + $15}' "/proc/$1/stat"
}
pgbench -h 127.0.0.1 -p "$TESSERA_BASE" -U tessera -q -i -s "$SCALE" -I dtgvp postgres >/dev/null 2>&1
for spec in "select-simple simple -S" "select-prepared prepared -S" "tpcb-simple simple" "tpcb-prepared prepared"; do
  set -- $spec
  name="$1" mode="$2" workload="${3:-}"
  mkdir -p "$OUT/$name"
  pgbench -h 127.0.0.1 -p "$TESSERA_BASE" -U tessera -n -M "$mode" $workload -c "$CLIENTS" -j "$CLIENTS" \
    -T "${WARMUP:-10}" postgres >/dev/null 2>&1 || true
  for pidfile in "$TESSERA_HOME"/*/tessera.pid; do
    [ "${JFR:-1}" = 0 ] || jcmd "$(cat "$pidfile")" JFR.start name=bench settings=profile >/dev/null
  done
  declare -A before=()
  for pidfile in "$TESSERA_HOME"/*/tessera.pid; do
    before[$pidfile]="$(cpu_ticks "$(cat "$pidfile")")"
  done
  echo "$name, load before: $(cat /proc/loadavg)"
  result="$(pgbench -h 127.0.0.1 -p "$TESSERA_BASE" -U tessera -n -M "$mode" $workload -c "$CLIENTS" \
    -j "$CLIENTS" -T "$SECONDS_PER_RUN" postgres 2>&1)"
  echo "$result" > "$OUT/$name/pgbench.txt"
  grep -E '^tps|latency average|failed' <<<"$result" | tr '\n' ' '
  echo
  transactions="$(awk '/number of transactions actually processed/ {print $NF}' <<<"$result" | cut -d/ -f1)"
  printf '  CPU ms per transaction:'
  for pidfile in "$TESSERA_HOME"/*/tessera.pid; do
    ticks=$(( $(cpu_ticks "$(cat "$pidfile")") - ${before[$pidfile]} ))
    printf ' %s %s' "$(basename "$(dirname "$pidfile")")" \
      "$(echo "scale=3; $ticks * 1000 / $(getconf CLK_TCK) / ${transactions:-1}" | bc)"
  done
  echo
  for pidfile in "$TESSERA_HOME"/*/tessera.pid; do
    node="$(basename "$(dirname "$pidfile")")"
    [ "${JFR:-1}" = 0 ] && continue
    jcmd "$(cat "$pidfile")" JFR.stop name=bench filename="$OUT/$name/$node.jfr" >/dev/null
    python3 "$ROOT/bench/jfr-top.py" "$OUT/$name/$node.jfr" > "$OUT/$name/$node.txt" || true
  done
done
echo "load after: $(cat /proc/loadavg)"
