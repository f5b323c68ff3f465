#!/usr/bin/env bash
# HTTP/1.1 keep-alive benchmark: proxyctl vs nginx vs HAProxy in the same run, via the shared reference harness.
#   bench/run-http1.sh            (ROUNDS, DUR, CONNS, WARM as in ../shared/bench/run-bench.sh)
# Installs the peers from Debian packages when missing, builds the jar when missing, and runs proxyctl on the shared
# bench config (listener :18083 -> nginx origin :18080) with a fixed heap so RSS is comparable between runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
harness="$root/../shared/bench/run-bench.sh"
[ -x "$harness" ] || [ -f "$harness" ] || { echo "bench: $harness not found" >&2; exit 2; }
missing=()
for t in nginx haproxy wrk curl ss; do command -v $t >/dev/null || missing+=($t); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq nginx-light haproxy wrk curl iproute2 >/dev/null
fi
[ -f "$root/cli/target/proxyctl.jar" ] || (cd "$root" && mvn -q -DskipTests package)
export PROXYCTL_OPTS="${PROXYCTL_OPTS:--Xms160m -Xmx160m}"
exec bash "$harness" "$root/proxyctl run -c $root/../shared/bench/proxy-proxyctl.yaml --concurrency ${CONCURRENCY:-2}"
