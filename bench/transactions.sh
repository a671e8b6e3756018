#!/usr/bin/env bash
# Issue 3's transaction benchmarks (io.tessera.bench.TransactionBench) on a fresh Tessera cluster and a fresh
# PostgreSQL 15, same machine, same run: GTM timestamps/s to 64 requesters, single-row autocommit insert latency,
# a two-datanode transaction's latency (two-phase commit), bank-transfer throughput. Usage: bench/transactions.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
machine
build_bench
start_tessera
start_postgres
echo "load before: $(cat /proc/loadavg)"
java -Xmx512m -cp "$BENCH_CP" io.tessera.bench.TransactionBench \
  "127.0.0.1:$((TESSERA_BASE + 91))" \
  "jdbc:postgresql://127.0.0.1:$TESSERA_BASE/postgres?user=tessera,jdbc:postgresql://127.0.0.1:$((TESSERA_BASE + 1))/postgres?user=tessera" \
  "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres"
echo "load after: $(cat /proc/loadavg)"
