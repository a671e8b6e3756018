#!/usr/bin/env bash
# Issue 4's GC benchmark (io.tessera.bench.GcBench): one JDBC client updates the same ROWS rows for SECONDS
# seconds, printing the datanodes' disk use every INTERVAL seconds — once with garbage collection on (autovacuum,
# the default), once with it off, each on a fresh cluster (2 coordinators, 2 datanodes).
# Usage: bench/gc.sh [ROWS] [SECONDS] [INTERVAL]   (defaults 10000 180 15)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROWS="${1:-10000}"
SECONDS_RUN="${2:-180}"
INTERVAL="${3:-15}"
machine
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# build the distribution and the bench classes inside the reactor (never mvn install)
(cd "$ROOT" && mvn -B -q -o package -pl ctl -am -DskipTests >/dev/null 2>&1 || mvn -B -q package -pl ctl -am -DskipTests)
rm -f "$ROOT"/ctl/target/lib/guava-*-android.jar
(cd "$ROOT" && mvn -B -q -o test-compile -pl integration-tests -am >/dev/null 2>&1 || mvn -B -q test-compile -pl integration-tests -am)
PGJDBC="$(find ~/.m2/repository/org/postgresql/postgresql -name 'postgresql-42.*.jar' | sort -V | tail -1)"

run() { # run NAME AUTOVACUUM
  local home="$WORK/$1"
  TESSERA_HOME="$home" # lib.sh's cleanup stops this cluster if the script is interrupted
  "$ROOT/tessera" init --home "$home" --base-port "$TESSERA_BASE" >/dev/null
  sed -i "s/autovacuum: true/autovacuum: $2/" "$home/cluster.yaml"
  grep -A4 '^gc:' "$home/cluster.yaml" | tr '\n' ' '; echo
  "$ROOT/tessera" start --home "$home" >/dev/null
  java -Xmx256m -cp "$ROOT/integration-tests/target/test-classes:$PGJDBC" io.tessera.bench.GcBench \
    "jdbc:postgresql://127.0.0.1:$TESSERA_BASE/postgres?user=tessera" "$ROWS" "$SECONDS_RUN" "$INTERVAL" \
    "$home/dn1" "$home/dn2"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$ROOT/tessera" stop --home "$home" >/dev/null
}

echo "== GC on (autovacuum: true)"
run gc-on true
echo "== GC off (autovacuum: false)"
run gc-off false
