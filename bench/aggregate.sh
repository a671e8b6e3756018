#!/usr/bin/env bash
# Aggregates over N rows (default 3 million) of (id int, k int, pad text), hash-distributed by id over two
# datanodes, against a local PostgreSQL 15 holding the same rows, in the same run: count/sum/avg of the whole table
# (partial aggregates on the datanodes, merged on the coordinator) and GROUP BY k with 1,000 groups. Each query runs
# once to warm up, then is timed (best of 3). Usage: bench/aggregate.sh [ROWS]; BENCH_NO_BUILD=1 skips the
# `mvn package` of this checkout (the cluster runs from ctl/target/lib as built last).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROWS="${1:-3000000}"
machine
[ -n "${BENCH_NO_BUILD:-}" ] || (cd "$ROOT" && mvn -B -q -o package -DskipTests >/dev/null 2>&1 || mvn -B -q package -DskipTests)
rm -f "$ROOT"/ctl/target/lib/guava-*-android.jar
start_tessera
start_postgres
ddl="create table agg(id int, k int, pad text)"
# loaded in chunks of 200,000 rows (one statement's write RPCs stay well inside their deadline on a busy machine)
load() {
  local fn=$1 from=1 to
  while [ "$from" -le "$ROWS" ]; do
    to=$((from + 199999)); [ "$to" -le "$ROWS" ] || to=$ROWS
    $fn -c "insert into agg select g, g % 1000, md5(g::text) from generate_series($from, $to) g"
    from=$((to + 1))
  done
}
tsql -c "$ddl distribute by hash(id)"; pgsql -c "$ddl"
t=$(now); load tsql; t_load=$(elapsed "$t")
t=$(now); load pgsql; p_load=$(elapsed "$t")
pgsql -c "vacuum analyze agg"

# best of 3 timed runs after one warm-up; prints seconds
best() {
  local fn=$1 sql=$2 b=999999 t e
  $fn -A -t -c "$sql" >/dev/null
  for _ in 1 2 3; do
    t=$(now); $fn -A -t -c "$sql" >/dev/null; e=$(elapsed "$t")
    b=$(echo "if ($e < $b) $e else $b" | bc -l)
  done
  echo "$b"
}

queries=("select count(*), sum(id), avg(id) from agg"
         "select count(*) from agg where k < 500"
         "select k, count(*), sum(id), avg(id) from agg group by k")
echo "load average before queries: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results equal: $(diff <(for q in "${queries[@]}"; do tsql -A -t -c "$q" | sort; done) \
  <(for q in "${queries[@]}"; do pgsql -A -t -c "$q" | sort; done) >/dev/null && echo yes || echo NO)"
printf "%-58s %10s %10s %8s\n" query "tessera s" "postgres s" ratio
printf "%-58s %10.2f %10.2f %8.2f\n" "insert ... select ($ROWS rows)" "$t_load" "$p_load" "$(echo "$t_load / $p_load" | bc -l)"
for q in "${queries[@]}"; do
  tt=$(best tsql "$q"); pp=$(best pgsql "$q")
  printf "%-58s %10.3f %10.3f %8.2f\n" "$q" "$tt" "$pp" "$(echo "$tt / $pp" | bc -l)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
