#!/usr/bin/env bash
# Loads N rows (default 10 million) into a hash-distributed table over two datanodes, then reads them all back
# through one coordinator whose heap is 256 MB (the launcher's default), timing each step, and does the same on
# a local PostgreSQL 15 for the ratio. Proves that results stream: the coordinator would need gigabytes to hold
# them. Usage: bench/select-stream.sh [ROWS]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROWS="${1:-10000000}"
machine
build_bench
start_tessera
start_postgres
ddl="create table big(id int, pad text)"
load="insert into big select g, md5(g::text) from generate_series(1, $ROWS) g"
read_all="select id, pad from big"

tsql -c "$ddl"; pgsql -c "$ddl"
t=$(now); tsql -c "$load"; t_load=$(elapsed "$t")
t=$(now); pgsql -c "$load"; p_load=$(elapsed "$t")
t=$(now); tsql -A -t -c "$read_all" | wc -l > "$WORK/t_rows"; t_read=$(elapsed "$t")
t=$(now); pgsql -A -t -c "$read_all" | wc -l > "$WORK/p_rows"; p_read=$(elapsed "$t")
t=$(now); t_count=$(tsql -A -t -c "select count(*), sum(id) from big"); t_agg=$(elapsed "$t")
t=$(now); p_count=$(pgsql -A -t -c "select count(*), sum(id) from big"); p_agg=$(elapsed "$t")
heap=$(tr '\0' '\n' < /proc/"$(cat "$TESSERA_HOME/coord1/tessera.pid")"/cmdline | grep -- '^-Xmx' | head -1)
"$ROOT/tessera" status --home "$TESSERA_HOME" | grep coord1

echo "rows read back: tessera $(cat "$WORK/t_rows"), postgres $(cat "$WORK/p_rows"); count,sum: tessera $t_count, postgres $p_count"
echo "coordinator heap: $heap"
printf "%-28s %10s %10s %8s\n" step "tessera s" "postgres s" ratio
printf "%-28s %10.2f %10.2f %8.2f\n" "insert ... select ($ROWS)" "$t_load" "$p_load" "$(echo "$t_load / $p_load" | bc -l)"
printf "%-28s %10.2f %10.2f %8.2f\n" "select all rows" "$t_read" "$p_read" "$(echo "$t_read / $p_read" | bc -l)"
printf "%-28s %10.2f %10.2f %8.2f\n" "count(*), sum(id)" "$t_agg" "$p_agg" "$(echo "$t_agg / $p_agg" | bc -l)"
