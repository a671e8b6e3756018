#!/usr/bin/env bash
# sqllogictest differential run: sqlite's sqllogictest files (https://github.com/gregrahn/sqllogictest, not part of
# this repository) on a throwaway Tessera cluster and a throwaway PostgreSQL 15, both over pgjdbc, through
# bench/slt/SltDiff.java. Prints, per file, the records run, how many each engine passes, and every record
# PostgreSQL passes and Tessera does not. Usage:
#   bench/slt.sh [--every N] FILE.test...    (--every N: every statement but only every N-th query)
# TESSERA_URL and POSTGRES_URL (JDBC URLs with user=...) use running servers instead of throwaway ones.
# BENCH_NO_BUILD=1 skips the `mvn package` of this checkout.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PGJDBC="$(find "$HOME/.m2/repository/org/postgresql/postgresql" -name 'postgresql-42.*.jar' | sort -V | tail -1)"
[ -n "$PGJDBC" ] || { echo "slt.sh: no pgjdbc jar under ~/.m2 (build the project once)" >&2; exit 1; }
javac -d "$WORK/classes" "$ROOT/bench/slt/SltDiff.java"
if [ -z "${TESSERA_URL:-}" ]; then
  [ -n "${BENCH_NO_BUILD:-}" ] || (cd "$ROOT" && mvn -B -q -o package -DskipTests >/dev/null 2>&1 || mvn -B -q package -DskipTests)
  rm -f "$ROOT"/ctl/target/lib/guava-*-android.jar
  start_tessera
  TESSERA_URL="jdbc:postgresql://127.0.0.1:$TESSERA_BASE/postgres?user=tessera"
fi
if [ -z "${POSTGRES_URL:-}" ]; then
  start_postgres
  POSTGRES_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres"
fi
machine
java -Xmx256m -cp "$WORK/classes:$PGJDBC" SltDiff "$TESSERA_URL" "$POSTGRES_URL" "$@"
