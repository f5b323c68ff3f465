#!/usr/bin/env bash
# Times the schema half of `proxyctl validate` in fresh JVMs (cold) and in one JVM (warm), on the getting-started
# v2 config and on generated configs of 2,500/500, 5,000/1,000 and 10,000/2,000 routes/clusters (linearity).
#
# usage: bench/run-validate-bench.sh [RUNS]   (default 8; run from anywhere, builds with mvn -o first)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-8}"
OUT="$ROOT/bench/target"
mkdir -p "$OUT/classes"
cd "$ROOT"
mvn -q -o -pl runtime -am process-classes dependency:build-classpath \
    -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=runtime >/dev/null
DEPS="$(cat "$OUT/cp.txt" | tr ':' '\n' | grep '\.jar$' | paste -sd: -)"
javac -d "$OUT/classes" -cp "$ROOT/runtime/target/classes:$DEPS" bench/ValidateBench.java
# one jar, as the CLI ships: classes and schema resources are read from a jar (AppCDS also needs jars)
rm -f "$OUT/bench.jar"
jar --create --file "$OUT/bench.jar" -C runtime/target/classes . -C "$OUT/classes" .
jar --update --file "$OUT/bench.jar" -C schemas/target/classes io/proxyctl/schema/index.json \
    -C schemas/target/classes io/proxyctl/schema/defs
CP="$OUT/bench.jar:$DEPS"
GS="$ROOT/runtime/src/test/resources/io/proxyctl/config/schema/getting-started-v2.yaml"
python3 bench/gen-big-config.py 2500 500 > "$OUT/big-2500-500.yaml"
python3 bench/gen-big-config.py 5000 1000 > "$OUT/big-5000-1000.yaml"
python3 bench/gen-big-config.py 10000 2000 > "$OUT/big-10000-2000.yaml"
C1=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

# A dynamic AppCDS archive of the classes validate loads (what a launcher would ship).
java "${C1[@]}" -XX:ArchiveClassesAtExit="$OUT/validate.jsa" -cp "$CP" ValidateBench "$GS" v2 >/dev/null 2>&1

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
T=(python3 bench/time-runs.py "$RUNS")
"${T[@]}" "getting-started (default JVM)" -- java -cp "$CP" ValidateBench "$GS" v2
"${T[@]}" "getting-started (C1, SerialGC)" -- java "${C1[@]}" -cp "$CP" ValidateBench "$GS" v2
"${T[@]}" "getting-started (C1, SerialGC, AppCDS)" -- java "${C1[@]}" -XX:SharedArchiveFile="$OUT/validate.jsa" -cp "$CP" ValidateBench "$GS" v2
for f in big-2500-500 big-5000-1000 big-10000-2000; do
    "${T[@]}" "$f (default JVM)" -- java -cp "$CP" ValidateBench "$OUT/$f.yaml" v3
    "${T[@]}" "$f (C1)" -- java -XX:TieredStopAtLevel=1 -cp "$CP" ValidateBench "$OUT/$f.yaml" v3
done
java -cp "$CP" ValidateBench "$GS" v2 --repeat 40 | tail -1 | sed 's/^/getting-started /'
java -cp "$CP" ValidateBench "$OUT/big-5000-1000.yaml" v3 --repeat 10 | tail -1 | sed 's/^/big-5000-1000 /'
