#!/usr/bin/env bash
# The coordinator's gather and the top-N/LIMIT pushdown over N rows (default 2 million) of (id int, k int, pad text),
# hash-distributed by id over two datanodes, against a local PostgreSQL 15 holding the same rows, in the same run:
# reading every row back (the gather), ORDER BY ... LIMIT (a top-N on each datanode, merged on the coordinator),
# ORDER BY ... LIMIT ... OFFSET, and a plain LIMIT (datanode scans stop early). Each query runs once to warm up,
# then is timed (best of 3). Usage: bench/gather.sh [ROWS]; BENCH_NO_BUILD=1 skips the `mvn package`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROWS="${1:-2000000}"
machine
[ -n "${BENCH_NO_BUILD:-}" ] || (cd "$ROOT" && mvn -B -q -o package -DskipTests >/dev/null 2>&1 || mvn -B -q package -DskipTests)
rm -f "$ROOT"/ctl/target/lib/guava-*-android.jar
start_tessera
start_postgres
ddl="create table g(id int, k int, pad text)"
load() {
  local fn=$1 from=1 to
  while [ "$from" -le "$ROWS" ]; do
    to=$((from + 199999)); [ "$to" -le "$ROWS" ] || to=$ROWS
    $fn -c "insert into g select i, i % 1000, md5(i::text) from generate_series($from, $to) i"
    from=$((to + 1))
  done
}
tsql -c "$ddl distribute by hash(id)"; pgsql -c "$ddl"
t=$(now); load tsql; t_load=$(elapsed "$t")
t=$(now); load pgsql; p_load=$(elapsed "$t")
pgsql -c "vacuum analyze g"

best() {
  local fn=$1 sql=$2 b=999999 t e
  $fn -A -t -c "$sql" >/dev/null
  for _ in 1 2 3; do
    t=$(now); $fn -A -t -c "$sql" >/dev/null; e=$(elapsed "$t")
    b=$(echo "if ($e < $b) $e else $b" | bc -l)
  done
  echo "$b"
}

queries=("select id, k, pad from g"
         "select id, k, pad from g order by pad desc limit 10"
         "select id, k from g order by k, id limit 10 offset 100"
         "select id, k, pad from g limit 10"
         "select count(*), sum(id) from g")
echo "load average before queries: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results equal: $(diff <(for q in "${queries[@]:1:2}"; do tsql -A -t -c "$q"; done; tsql -A -t -c "${queries[0]}" | sort | md5sum) \
  <(for q in "${queries[@]:1:2}"; do pgsql -A -t -c "$q"; done; pgsql -A -t -c "${queries[0]}" | sort | md5sum) >/dev/null && echo yes || echo NO)"
printf "%-58s %10s %10s %8s\n" query "tessera s" "postgres s" ratio
printf "%-58s %10.2f %10.2f %8.2f\n" "insert ... select ($ROWS rows)" "$t_load" "$p_load" "$(echo "$t_load / $p_load" | bc -l)"
for q in "${queries[@]}"; do
  tt=$(best tsql "$q"); pp=$(best pgsql "$q")
  printf "%-58s %10.3f %10.3f %8.2f\n" "$q" "$tt" "$pp" "$(echo "$tt / $pp" | bc -l)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
