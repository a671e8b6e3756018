#!/usr/bin/env bash
# Single-statement latency (io.tessera.bench.LatencyBench) on a fresh Tessera cluster and a fresh PostgreSQL 15,
# same machine, same run: select 1, point select by primary key (prepared and simple protocol), autocommit
# UPDATE and INSERT of one row. Usage: bench/latency.sh [N]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
machine
build_bench
start_tessera
start_postgres
echo "load before: $(cat /proc/loadavg)"
java -Xmx512m -cp "$BENCH_CP" io.tessera.bench.LatencyBench \
  "jdbc:postgresql://127.0.0.1:$TESSERA_BASE/postgres?user=tessera" \
  "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres" "${1:-2000}"
echo "load after: $(cat /proc/loadavg)"
