#!/usr/bin/env bash
# Joins of N x N rows (default 1 million) and N x 1,000 rows, on Tessera (1 coordinator, 2 datanodes) and a local
# PostgreSQL 15 holding the same rows, in the same run:
#   - two tables hash-distributed by id, joined on id (co-located: the join runs on the datanodes);
#   - the same tables joined on k, another column (not co-located: redistributed by k between the datanodes, and
#     again with SET tessera.enable_pushdown = off: joined on the coordinator);
#   - the big table with a 1,000-row replicated table, joined on k (co-located through the replicated side).
# Each query is count(*)/sum over the join (so the client receives one row), run once to warm up, then timed (best of
# 3). Prints the load average beside the figures. Usage: bench/join.sh [ROWS]; BENCH_NO_BUILD=1 skips the build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROWS="${1:-1000000}"
machine
[ -n "${BENCH_NO_BUILD:-}" ] || (cd "$ROOT" && mvn -B -q -o package -DskipTests >/dev/null 2>&1 || mvn -B -q package -DskipTests)
rm -f "$ROOT"/ctl/target/lib/guava-*-android.jar
start_tessera
start_postgres
# loaded in chunks of 200,000 rows (one statement's write RPCs stay well inside their deadline on a busy machine)
load() {
  local fn=$1 table=$2 from=1 to
  while [ "$from" -le "$ROWS" ]; do
    to=$((from + 199999)); [ "$to" -le "$ROWS" ] || to=$ROWS
    $fn -c "insert into $table select g, (g * 7) % $ROWS, md5(g::text) from generate_series($from, $to) g"
    from=$((to + 1))
  done
}
for t in ja jb; do
  tsql -c "create table $t(id int, k int, pad text) distribute by hash(id)"; pgsql -c "create table $t(id int, k int, pad text)"
done
tsql -c "create table jsmall(k int, name text) distribute by replication"; pgsql -c "create table jsmall(k int, name text)"
t=$(now); load tsql ja; load tsql jb; t_load=$(elapsed "$t")
t=$(now); load pgsql ja; load pgsql jb; p_load=$(elapsed "$t")
for fn in tsql pgsql; do $fn -c "insert into jsmall select g, 'n' || g from generate_series(0, 999) g"; done
pgsql -c "vacuum analyze ja" -c "vacuum analyze jb" -c "vacuum analyze jsmall"

best() {
  local fn=$1 sql=$2 b=999999 t e
  $fn -A -t -c "$sql" >/dev/null
  for _ in 1 2 3; do
    t=$(now); $fn -A -t -c "$sql" >/dev/null; e=$(elapsed "$t")
    b=$(echo "if ($e < $b) $e else $b" | bc -l)
  done
  echo "$b"
}

queries=("select count(*), sum(b.k) from ja a join jb b on a.id = b.id"
         "select count(*), sum(b.id) from ja a join jb b on a.k = b.k"
         "set tessera.enable_pushdown = off; select count(*), sum(b.id) from ja a join jb b on a.k = b.k"
         "select count(*), count(s.name) from ja a join jsmall s on a.k = s.k")
echo "plan of the first query on Tessera:"; tsql -c "explain (costs off) ${queries[0]}"
echo "plan of the second query on Tessera:"; tsql -c "explain (costs off) ${queries[1]}"
echo "load average before queries: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results equal: $(diff <(for q in "${queries[@]}"; do tsql -A -t -c "$q"; done) \
  <(for q in "${queries[@]}"; do pgsql -A -t -c "$q"; done) >/dev/null && echo yes || echo NO)"
printf "%-64s %10s %10s %8s\n" query "tessera s" "postgres s" ratio
printf "%-64s %10.2f %10.2f %8.2f\n" "load 2 x $ROWS rows" "$t_load" "$p_load" "$(echo "$t_load / $p_load" | bc -l)"
for q in "${queries[@]}"; do
  tt=$(best tsql "$q"); pp=$(best pgsql "$q")
  printf "%-64s %10.3f %10.3f %8.2f\n" "$q" "$tt" "$pp" "$(echo "$tt / $pp" | bc -l)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
