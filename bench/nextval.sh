#!/usr/bin/env bash
# nextval throughput (issue 8's target: at least 100,000 values/s with 8 sessions over 2 coordinators), on a fresh
# Tessera cluster (2 coordinators, 2 datanodes) and a fresh PostgreSQL 15, same machine, same run: two pgbench
# processes of 4 clients each run `select nextval('bench_seq')` for SECONDS (default 10), one against each
# coordinator (on PostgreSQL both against the one server); values/s is the sum of their transaction rates.
# A warm-up run of 3 s on each coordinator comes first (the first executions plan and JIT-compile).
# That rate is bound by the cost of a statement; the second measure is the sequence machinery itself: the same 8
# sessions run `select count(nextval('bench_seq')) from generate_series(1, BULK)` (BULK values per statement).
# Usage: bench/nextval.sh [SECONDS]; BENCH_NO_BUILD=1 skips the `mvn package` of this checkout.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SECONDS_RUN="${1:-10}"
machine
[ -n "${BENCH_NO_BUILD:-}" ] || (cd "$ROOT" && mvn -B -q -o package -DskipTests >/dev/null 2>&1 || mvn -B -q package -DskipTests)
rm -f "$ROOT"/ctl/target/lib/guava-*-android.jar
"$ROOT/tessera" init --home "$TESSERA_HOME" --base-port "$TESSERA_BASE" --coordinators 2 --datanodes 2 >/dev/null
"$ROOT/tessera" start --home "$TESSERA_HOME" >/dev/null
start_postgres
tsql -c "create sequence bench_seq"; pgsql -c "create sequence bench_seq"
script="$WORK/nextval.sql"
echo "select nextval('bench_seq');" > "$script"
BULK=20000
bulk="$WORK/nextval-bulk.sql"
echo "select count(nextval('bench_seq')) from generate_series(1, $BULK);" > "$bulk"

# run PORT USER OUT: one pgbench of 4 clients in the background, its output in OUT
run() {
  pgbench -n -h 127.0.0.1 -p "$1" -U "$2" -M prepared -c 4 -j 2 -T "$SECONDS_RUN" -f "${4:-$script}" postgres >"$3" 2>&1 &
}
# tps OUT: the transaction rate pgbench reports (without the initial connection time)
tps() { awk '/^tps = / {print $3; exit}' "$1"; }
# count OUT: the transactions pgbench reports as processed
count() { awk '/number of transactions actually processed/ {print $NF; exit}' "$1" | cut -d/ -f1; }

SECONDS_MAIN="$SECONDS_RUN"; SECONDS_RUN=3
run "$TESSERA_BASE" tessera "$WORK/w1.out"; run "$((TESSERA_BASE + 1))" tessera "$WORK/w2.out"; wait
SECONDS_RUN="$SECONDS_MAIN"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run "$TESSERA_BASE" tessera "$WORK/t1.out"; run "$((TESSERA_BASE + 1))" tessera "$WORK/t2.out"; wait
for f in "$WORK"/t1.out "$WORK"/t2.out; do grep -q '^tps = ' "$f" || { cat "$f" >&2; exit 1; }; done
t_rate=$(echo "$(tps "$WORK/t1.out") + $(tps "$WORK/t2.out")" | bc -l)
t_count=$(( $(count "$WORK/t1.out") + $(count "$WORK/t2.out") ))
echo "load average between: $(cut -d' ' -f1-3 /proc/loadavg)"
run "$PG_PORT" postgres "$WORK/p1.out"; run "$PG_PORT" postgres "$WORK/p2.out"; wait
p_rate=$(echo "$(tps "$WORK/p1.out") + $(tps "$WORK/p2.out")" | bc -l)
run "$TESSERA_BASE" tessera "$WORK/b1.out" "$bulk"; run "$((TESSERA_BASE + 1))" tessera "$WORK/b2.out" "$bulk"; wait
for f in "$WORK"/b1.out "$WORK"/b2.out; do grep -q '^tps = ' "$f" || { cat "$f" >&2; exit 1; }; done
tb_rate=$(echo "($(tps "$WORK/b1.out") + $(tps "$WORK/b2.out")) * $BULK" | bc -l)
run "$PG_PORT" postgres "$WORK/q1.out" "$bulk"; run "$PG_PORT" postgres "$WORK/q2.out" "$bulk"; wait
pb_rate=$(echo "($(tps "$WORK/q1.out") + $(tps "$WORK/q2.out")) * $BULK" | bc -l)
printf "%-52s %12s %12s %8s\n" measure tessera postgres ratio
printf "%-52s %12.0f %12.0f %8.2f\n" "nextval values/s, 8 sessions (2 x 4 clients), ${SECONDS_RUN} s" \
  "$t_rate" "$p_rate" "$(echo "$t_rate / $p_rate" | bc -l)"
printf "%-52s %12.0f %12.0f %8.2f\n" "nextval values/s, 8 sessions, $BULK per statement" \
  "$tb_rate" "$pb_rate" "$(echo "$tb_rate / $pb_rate" | bc -l)"
echo "tessera: $t_count values handed out in the measured run of a statement per value"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
