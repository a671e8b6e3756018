#!/usr/bin/env bash
# Secondary indexes on a fresh Tessera cluster and a fresh PostgreSQL 15, same machine, same run:
#  1. CREATE INDEX on a filled table of N rows (default 1 million; the issue's target is 10 M): time on both;
#  2. point lookups by the secondary index vs by the primary key on Tessera (and on PostgreSQL): p50 latency of
#     single-client pgbench runs of 10 s each, from pgbench's per-transaction log.
# Usage: bench/index.sh [ROWS]; BENCH_NO_BUILD=1 skips the `mvn package` of this checkout.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROWS="${1:-1000000}"
machine
[ -n "${BENCH_NO_BUILD:-}" ] || (cd "$ROOT" && mvn -B -q -o package -DskipTests >/dev/null 2>&1 || mvn -B -q package -DskipTests)
rm -f "$ROOT"/ctl/target/lib/guava-*-android.jar
start_tessera
start_postgres
ddl="create table ix(id int primary key, k int, pad text)"
load() {
  local fn=$1 from=1 to
  while [ "$from" -le "$ROWS" ]; do
    to=$((from + 199999)); [ "$to" -le "$ROWS" ] || to=$ROWS
    $fn -c "insert into ix select g, (g::bigint * 7919 % $ROWS)::int, md5(g::text) from generate_series($from, $to) g"
    from=$((to + 1))
  done
}
tsql -c "$ddl distribute by hash(id)"; pgsql -c "$ddl"
load tsql; load pgsql
pgsql -c "vacuum analyze ix"
echo "waited $(wait_idle) s for the datanodes' flushes and compactions after the load"
echo "load average before CREATE INDEX: $(cut -d' ' -f1-3 /proc/loadavg)"
t=$(now); tsql -c "create index ix_k on ix (k)"; t_idx=$(elapsed "$t")
t=$(now); pgsql -c "create index ix_k on ix (k)"; p_idx=$(elapsed "$t")

work=$(mktemp -d)
echo "\\set v random(1, $ROWS - 1)" > "$work/pk.sql"; echo "select pad from ix where id = :v;" >> "$work/pk.sql"
echo "\\set v random(1, $ROWS - 1)" > "$work/sk.sql"; echo "select pad from ix where k = :v;" >> "$work/sk.sql"
# p50 latency in ms of a 10 s single-client run (pgbench -l: column 3 is the latency in microseconds)
p50() {
  local port=$1 user=$2 script=$3 dir
  dir=$(mktemp -d)
  (cd "$dir" && pgbench -n -h 127.0.0.1 -p "$port" -U "$user" -M prepared -c 1 -T 10 -l -f "$script" postgres >/dev/null)
  cat "$dir"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)] / 1000}'
  rm -rf "$dir"
}
echo "load average before lookups: $(cut -d' ' -f1-3 /proc/loadavg)"
t_pk=$(p50 "$TESSERA_BASE" tessera "$work/pk.sql"); t_sk=$(p50 "$TESSERA_BASE" tessera "$work/sk.sql")
p_pk=$(p50 "$PG_PORT" postgres "$work/pk.sql"); p_sk=$(p50 "$PG_PORT" postgres "$work/sk.sql")
printf "%-44s %12s %12s %8s\n" measure tessera postgres ratio
printf "%-44s %12.2f %12.2f %8.2f\n" "CREATE INDEX on $ROWS rows (s)" "$t_idx" "$p_idx" "$(echo "$t_idx / $p_idx" | bc -l)"
printf "%-44s %12.3f %12.3f\n" "p50 point lookup by primary key (ms)" "$t_pk" "$p_pk"
printf "%-44s %12.3f %12.3f\n" "p50 point lookup by secondary index (ms)" "$t_sk" "$p_sk"
printf "%-44s %12.2f %12.2f\n" "secondary / primary p50" "$(echo "$t_sk / $t_pk" | bc -l)" "$(echo "$p_sk / $p_pk" | bc -l)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$work"
