#!/usr/bin/env bash
# TPC-H on Tessera (1 coordinator, 2 datanodes) and a local PostgreSQL 15 in the same run: data from Trino's port of
# dbgen (io.trino.tpch:tpch, fetched by Maven into bench/tpch/lib, never installed), loaded into both by COPY, then
# the 22 queries (bench/tpch/queries, TPC-H's text with the validation parameters) on both, each result compared
# with PostgreSQL's (bench/tpch/TpchBench.java: order kept where the query has ORDER BY, numbers within 0.01).
# Prints load times, each query's time on both and the ratio, peak heap per node, and the load average.
# Usage: bench/tpch.sh [SF] [qNN ...]   (SF default 1; the query names restrict the run)
# TPCH_RUNS=N: best of N runs per query (default 1); TPCH_TIMEOUT: statement_timeout on both (default 600s);
# TESSERA_JVM_OPTS=-Xmx1g: the nodes' heap (default 256 MB); BENCH_NO_BUILD=1 skips the build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SF="${1:-1}"
shift || true
TPCH_DIR="$ROOT/bench/tpch"
TPCH_JAR="$TPCH_DIR/lib/tpch-1.2.jar"
machine
if [ ! -f "$TPCH_JAR" ]; then
  mvn -B -q dependency:copy -Dartifact=io.trino.tpch:tpch:1.2 -DoutputDirectory="$TPCH_DIR/lib" >/dev/null
fi
PGJDBC="$(find "$HOME/.m2/repository/org/postgresql/postgresql" -name 'postgresql-42.*.jar' | sort -V | tail -1)"
[ -n "$PGJDBC" ] || { echo "tpch.sh: no pgjdbc jar under ~/.m2 (build the project once)" >&2; exit 1; }
[ -n "${BENCH_NO_BUILD:-}" ] || (cd "$ROOT" && mvn -B -q -o package -DskipTests >/dev/null 2>&1 || mvn -B -q package -DskipTests)
rm -f "$ROOT"/ctl/target/lib/guava-*-android.jar
GUAVA="$(ls "$ROOT"/ctl/target/lib/guava-*.jar | head -1)"  # the generator's one dependency
CP="$WORK/classes:$TPCH_JAR:$GUAVA:$PGJDBC"
javac -d "$WORK/classes" -cp "$CP" "$TPCH_DIR/TpchBench.java"
bench() { java -Xmx1g -cp "$CP" TpchBench "$@"; }

t=$(now); bench gen "$SF" "$WORK/data"
echo "generated SF $SF in $(printf '%.1f' "$(elapsed "$t")") s: $(du -sh "$WORK/data" | cut -f1)"
gc_logs
"$ROOT/tessera" init --home "$TESSERA_HOME" --base-port "$TESSERA_BASE" --coordinators 1 --datanodes 2 >/dev/null
"$ROOT/tessera" start --home "$TESSERA_HOME" >/dev/null
start_postgres
TESSERA_URL="jdbc:postgresql://127.0.0.1:$TESSERA_BASE/postgres?user=tessera"
POSTGRES_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres"
echo "load average before loading: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Tessera load:"; bench load "$TESSERA_URL" tessera "$WORK/data"
echo "PostgreSQL load:"; bench load "$POSTGRES_URL" postgres "$WORK/data"
rm -rf "$WORK/data"
echo "load average before the queries: $(cut -d' ' -f1-3 /proc/loadavg)"
bench run "$TESSERA_URL" "$POSTGRES_URL" "$TPCH_DIR/queries" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "peak heap: $(peak_heap)"
