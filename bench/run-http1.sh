#!/usr/bin/env bash
# HTTP/1.1 keep-alive benchmark: proxyctl vs nginx vs HAProxy in the same run, via the shared reference harness.
#   bench/run-http1.sh            (ROUNDS, DUR, CONNS, WARM as in ../shared/bench/run-bench.sh)
# Installs the peers from Debian packages when missing, builds the jar when missing, and runs proxyctl on the shared
# bench config (listener :18083 -> nginx origin :18080) with a fixed heap so RSS is comparable between runs, and one
# event loop (CONCURRENCY, default 1): the shared HAProxy config runs one thread, and on 2 cores shared with wrk and
# the origin a second loop only adds context switches (same rps, p99 2.9x worse in the 2026-11-25 run).
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
"$root/proxyctl" -V | grep -E "^(proxyctl|Java|Netty|Transport) " | paste -sd '|' - | sed 's/|/ | /g'
exec bash "$harness" "$root/proxyctl run -c $root/../shared/bench/proxy-proxyctl.yaml --concurrency ${CONCURRENCY:-1}"
