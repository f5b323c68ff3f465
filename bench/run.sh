#!/usr/bin/env bash
# Benchmarks the proxyctl data plane against nginx and HAProxy with the shared harness:
#   bench/run.sh            (ROUNDS, DUR, CONNS, WARM as in run-bench.sh; JAVA_OPTS to override JVM flags)
# Builds the runtime (test classes hold the bench main) and runs ../shared/bench/run-bench.sh from the worktree.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED_BENCH:-/work/shared/bench}
cd "$here"
mvn -q -o -pl runtime -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="$here/runtime/target/classes:$here/runtime/target/test-classes:$(cat runtime/target/bench.classpath)"
opts=${JAVA_OPTS:-"-Xms256m -Xmx256m -XX:+UseParallelGC"}
ROUNDS=${ROUNDS:-3} "$shared/run-bench.sh" "java $opts -cp $cp io.proxyctl.bench.BenchServerMain $shared/proxy-proxyctl.yaml"
