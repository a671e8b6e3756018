#!/usr/bin/env bash
# One-datanode autocommit commits: the real pgbench running one single-row UPDATE by key per transaction
# (pgbench -f, autocommit) against a fresh Tessera cluster (coordinator 1) and a fresh PostgreSQL 15, same run,
# scale 1 (Tessera: pgbench -I dtp, then the accounts through INSERT ... SELECT). Prints tps, latency and load.
# Usage: bench/onephase.sh [CLIENTS] [SECONDS]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CLIENTS="${1:-8}"
SECONDS_PER_RUN="${2:-20}"
machine
(cd "$ROOT" && mvn -B -q -o package -DskipTests >/dev/null 2>&1 || mvn -B -q package -DskipTests)
start_tessera
start_postgres
cat > "$WORK/upd.sql" <<'SQL'
\set aid random(1, 100000 * :scale)
\set delta random(-5000, 5000)
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
SQL
chmod 644 "$WORK/upd.sql"
pgbench -h 127.0.0.1 -p "$TESSERA_BASE" -U tessera -q -i -s 1 -I dtp postgres >/dev/null 2>&1
tsql -c "insert into pgbench_accounts(aid, bid, abalance, filler) select a, 1, 0, '' from generate_series(1, 100000) a"
pgbench -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -i -s 1 -I dtgvp postgres >/dev/null 2>&1
echo "load before: $(cat /proc/loadavg)"
for mode in prepared simple; do
  for t in "tessera $TESSERA_BASE tessera" "postgresql $PG_PORT postgres"; do
    set -- $t
    out="$(pgbench -h 127.0.0.1 -p "$2" -U "$3" -n -M "$mode" -f "$WORK/upd.sql" -c "$CLIENTS" -j "$CLIENTS" \
      -T "$SECONDS_PER_RUN" postgres 2>&1)"
    echo "$1 $mode update-by-key: $(grep -E '^tps' <<<"$out" | head -1) | $(grep -E 'latency average' <<<"$out") | load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
