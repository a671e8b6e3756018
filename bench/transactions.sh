#!/usr/bin/env bash
# Issue 3's transaction benchmarks (io.tessera.bench.TransactionBench) on a fresh Tessera cluster and a fresh
# PostgreSQL 15, same machine, same run: GTM timestamps/s to 64 requesters, single-row autocommit insert latency,
# a two-datanode transaction's latency (two-phase commit), bank-transfer throughput. Usage: bench/transactions.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
machine
(cd "$ROOT" && mvn -B -q -o test-compile -pl integration-tests >/dev/null 2>&1 || mvn -B -q test-compile -pl integration-tests)
(cd "$ROOT" && mvn -B -q -o dependency:build-classpath -pl integration-tests -Dmdep.outputFile="$WORK/cp" >/dev/null)
start_tessera
start_postgres
java -Xmx512m -cp "$ROOT/integration-tests/target/test-classes:$(cat "$WORK/cp")" io.tessera.bench.TransactionBench \
  "127.0.0.1:$((TESSERA_BASE + 91))" \
  "jdbc:postgresql://127.0.0.1:$TESSERA_BASE/postgres?user=tessera,jdbc:postgresql://127.0.0.1:$((TESSERA_BASE + 1))/postgres?user=tessera" \
  "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres"
