#!/usr/bin/env bash
# A large two-phase commit: one INSERT ... SELECT of ROWS rows into `t (id1 int, id2 int, pad text, primary key
# (id1, id2))` with an index on id2, hashed over both datanodes of a fresh Tessera cluster (coordinator 1), and the
# same statement into a fresh PostgreSQL 15 on the same machine in the same run. Prints seconds, load and the peak
# heap of every Tessera node (from its GC log; the nodes run with the default -Xmx256m).
# Usage: bench/twophase.sh [ROWS]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROWS="${1:-2000000}"
machine
(cd "$ROOT" && mvn -B -q -o package -DskipTests >/dev/null 2>&1 || mvn -B -q package -DskipTests)
gc_logs
start_tessera
start_postgres
DDL="create table t (id1 int, id2 int, pad text, primary key (id1, id2))"
tsql -c "$DDL distribute by hash(id1)" -c "create index t_id2 on t (id2)"
pgsql -c "$DDL" -c "create index t_id2 on t (id2)"
INSERT="insert into t select g, g % 1000, md5(g::text) from generate_series(1, $ROWS) g"
for sys in tsql pgsql; do
  before="$(cut -d' ' -f1-3 /proc/loadavg)"
  t0=$(now)
  "$sys" -c "$INSERT"
  echo "$sys: INSERT ... SELECT of $ROWS rows: $(elapsed "$t0") s | load before $before, after $(cut -d' ' -f1-3 /proc/loadavg) | rows: $("$sys" -At -c 'select count(*) from t')"
  if [ "$sys" = tsql ]; then
    echo "  peak heap (MB, since start): $(peak_heap)"
  fi
done
