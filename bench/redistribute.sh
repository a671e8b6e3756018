#!/usr/bin/env bash
# Issue 12's redistribution benchmark: a table of ROWS rows (id1 int, id2 int, pad text) with a primary key
# (id1, id2) and a secondary index on id2, on dn1, dn2 of a cluster with three datanodes (1 coordinator), moved
# online twice:
#   1. 2 -> 2 datanodes, a new distribution column: HASH(id1) -> HASH(id2) (the primary key holds both columns, so
#      the move is allowed: Postgres-XL, like Tessera, refuses a layout whose column a unique key does not contain);
#   2. 2 -> 3 datanodes: ALTER TABLE ... ADD NODE (dn3);
# each reported with its total time, the write pause at the switch (from the ALTER's final NOTICE) and the peak
# heap of every node (from its GC log). Compared in the same run with
#   (a) the old path through the coordinator on Tessera: COPY TO, TRUNCATE, COPY FROM;
#   (b) CREATE TABLE AS SELECT of the same rows plus the same primary key and index on the local PostgreSQL 15.
# Refuses to run while the machine is busy (1-minute load average >= MAX_LOAD, default 6): figures from a saturated
# shared machine say nothing. FORCE=1 runs anyway.
# Usage: bench/redistribute.sh [ROWS]   (default 2000000)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROWS="${1:-2000000}"
MAX_LOAD="${MAX_LOAD:-6}"
machine
load1="$(cut -d' ' -f1 /proc/loadavg)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${FORCE:-0}" != 1 ] && [ "$(echo "$load1 >= $MAX_LOAD" | bc)" = 1 ]; then
  echo "the machine is busy (load $load1 >= $MAX_LOAD): not measuring (FORCE=1 to run anyway)"
  exit 0
fi
(cd "$ROOT" && mvn -B -q -o package -pl ctl -am -DskipTests >/dev/null 2>&1 || mvn -B -q package -pl ctl -am -DskipTests)
rm -f "$ROOT"/ctl/target/lib/guava-*-android.jar

# every node logs its GC (one file per process id) so that lib.sh's peak_heap can read it afterwards
gc_logs
"$ROOT/tessera" init --home "$TESSERA_HOME" --base-port "$TESSERA_BASE" --coordinators 1 --datanodes 3 >/dev/null
"$ROOT/tessera" start --home "$TESSERA_HOME" >/dev/null
start_postgres

# alter LABEL SQL: runs one ALTER with psql (NOTICEs on stderr), prints its time and the write pause
alter() {
  local t0 out
  t0=$(now)
  out="$(tsql -c "$2" 2>&1)"
  printf '%-34s total %6.2f s   %s\n' "$1" "$(elapsed "$t0")" \
    "$(echo "$out" | grep -o 'writes paused [0-9]* ms' | tail -1)"
  echo "$out" | sed 's/^/    /'
  echo "  peak heap (MB, since start): $(peak_heap)"
}

echo "== load $ROWS rows"
tsql -c "create table t(id1 int, id2 int, pad text, primary key (id1, id2)) distribute by hash(id1) to node (dn1, dn2)"
tsql -c "create index t_id2 on t (id2)"
# in transactions of at most 100,000 rows: a two-phase commit prepares every row again, and a prepare longer than
# the coordinator's 30 s RPC deadline fails (issue 10)
for ((lo = 1; lo <= ROWS; lo += 100000)); do
  hi=$((lo + 99999 < ROWS ? lo + 99999 : ROWS))
  tsql -c "insert into t select g, g % 1000, md5(g::text) from generate_series($lo, $hi) g"
done
pgsql -c "create table src(id1 int, id2 int, pad text, primary key (id1, id2))"
pgsql -c "insert into src select g, g % 1000, md5(g::text) from generate_series(1, $ROWS) g"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== Tessera, online redistribution (datanode to datanode through reduce)"
alter "2 -> 2: HASH(id1) -> HASH(id2)" "alter table t distribute by hash(id2)"
alter "2 -> 3: ADD NODE (dn3)" "alter table t add node (dn3)"
tsql -At -c "select xc_node_id, count(*) from t group by xc_node_id order by 1" | tr '\n' ' '; echo

echo "== (a) Tessera, the old path through the coordinator: COPY TO, TRUNCATE, COPY FROM"
t0=$(now)
tsql -c "\\copy t to '$WORK/t.copy'"
tsql -c "truncate t"
tsql -c "\\copy t from '$WORK/t.copy'"
printf '%-34s total %6.2f s   (writes refused or lost throughout)\n' "COPY TO, TRUNCATE, COPY FROM" "$(elapsed "$t0")"

echo "== (b) PostgreSQL 15: CREATE TABLE AS SELECT, ADD PRIMARY KEY"
t0=$(now)
pgsql -c "create table t2 as select * from src"
pgsql -c "alter table t2 add primary key (id1, id2)"
pgsql -c "create index t2_id2 on t2 (id2)"
printf '%-34s total %6.2f s\n' "CREATE TABLE AS + KEY + INDEX" "$(elapsed "$t0")"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
