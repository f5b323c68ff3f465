#!/usr/bin/env bash
# HTTP/2 and gRPC benchmark: proxyctl vs HAProxy, HTTP/2 on both sides, measured in the same run.
#   bench/run-h2.sh
# Workloads (h2load, one client thread, C connections x M concurrent streams each):
#   h2c   GET / over cleartext HTTP/2 (prior knowledge)
#   h2    GET / over HTTP/2 with TLS (ALPN h2; certificate generated per run)
#   grpc  gRPC unary over h2c: POST /grpc.Echo/Unary of a pre-encoded 10-byte gRPC frame with
#         content-type: application/grpc and te: trailers; the origin answers 200 + grpc-status: 0 trailer
# Origin: nginx, h2c on 127.0.0.1:18190 (bench/h2/upstream-nginx-h2.conf), also measured directly ("direct").
# Targets are measured in alternating rounds so every ratio comes from the same run; per target the median
# requests/s, the median of h2load's mean request time (us) and the proxy's CPU time per request (us).
# Env: ROUNDS (3) DUR (10, seconds) WARM (2, seconds of h2load warm-up) C (10) M (10) THREADS (1: HAProxy
#      nbthread and proxyctl --concurrency) WORKLOADS ("h2c h2 grpc").
# Installs nginx, HAProxy, h2load (nghttp2-client) and openssl when missing; builds the jar when missing.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ROUNDS=${ROUNDS:-3}; DUR=${DUR:-10}; WARM=${WARM:-2}; C=${C:-10}; M=${M:-10}; THREADS=${THREADS:-1}
WORKLOADS=${WORKLOADS:-"h2c h2 grpc"}
missing=()
for t in nginx haproxy h2load curl ss openssl; do command -v $t >/dev/null || missing+=($t); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq nginx-light haproxy nghttp2-client curl iproute2 openssl >/dev/null
fi
[ -f "$root/cli/target/proxyctl.jar" ] || (cd "$root" && mvn -q -DskipTests package)
export PROXYCTL_OPTS="${PROXYCTL_OPTS:--Xms160m -Xmx160m}"
"$root/proxyctl" -V | grep -E "^(proxyctl|Java|Netty|Transport) " | paste -sd '|' - | sed 's/|/ | /g'

tmp=$(mktemp -d -t h2bench.XXXX); pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout $tmp/proxy.key -out $tmp/proxy.crt -days 2 -subj /CN=bench.test \
  2>/dev/null
cat $tmp/proxy.crt $tmp/proxy.key > $tmp/proxy.pem
for f in upstream-nginx-h2.conf haproxy-h2.cfg proxy-proxyctl-h2.yaml; do
  sed -e "s#WORK#$tmp#g" -e "s#THREADS#$THREADS#g" $here/h2/$f > $tmp/$f
done
# One gRPC message frame: flag 0, length 5, "hello".
printf '\x00\x00\x00\x00\x05hello' > $tmp/grpc-request.bin

nginx -c $tmp/upstream-nginx-h2.conf & pids+=($!)
haproxy -f $tmp/haproxy-h2.cfg & pids+=($!)
bash -c "exec $root/proxyctl run -c $tmp/proxy-proxyctl-h2.yaml --concurrency $THREADS" >$tmp/proxyctl.log 2>&1 & pids+=($!)
ok=0
for i in $(seq 1 120); do
  h2load -n 1 -c 1 http://127.0.0.1:18195/ 2>/dev/null | grep -q '1 succeeded' && { ok=1; break; }
  sleep 0.5
done
[ $ok = 1 ] || { echo "proxyctl did not answer h2c on :18195"; tail -20 $tmp/proxyctl.log; exit 1; }
sleep 1

portpids() { ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u; }
cputicks() { local s=0 q; for q in $( (for p in "$@"; do echo $p; pgrep -P $p; done) | sort -u); do [ -r /proc/$q/stat ] && s=$((s + $(awk '{print $14+$15}' /proc/$q/stat))); done; echo $s; }
hz=$(getconf CLK_TCK)

# url and extra h2load arguments per workload and target
url() { # workload port
  case $1 in
    h2c) echo "http://127.0.0.1:$2/" ;;
    h2) echo "https://127.0.0.1:$2/" ;;
    grpc) echo "http://127.0.0.1:$2/grpc.Echo/Unary" ;;
  esac
}
port() { # workload target
  case "$1:$2" in
    *:direct) echo 18190 ;;
    h2:haproxy) echo 18193 ;; *:haproxy) echo 18192 ;;
    h2:proxyctl) echo 18196 ;; *:proxyctl) echo 18195 ;;
  esac
}
targets() { [ "$1" = h2 ] && echo "haproxy proxyctl" || echo "direct haproxy proxyctl"; }
load() { # workload port seconds
  local extra=()
  [ "$1" = grpc ] && extra=(-d $tmp/grpc-request.bin -H 'content-type: application/grpc' -H 'te: trailers')
  h2load -t1 -c$C -m$M -D$3 --warm-up-time=$WARM "${extra[@]}" $(url $1 $2)
}

declare -A rps lat cpu
for w in $WORKLOADS; do for t in $(targets $w); do load $w $(port $w $t) 3 >/dev/null; done; done
for r in $(seq 1 $ROUNDS); do
  for w in $WORKLOADS; do
    for t in $(targets $w); do
      p=$(port $w $t); pp=$(portpids $p)
      c0=$(cputicks $pp); out=$(load $w $p $DUR); c1=$(cputicks $pp)
      done_=$(echo "$out" | awk '/^requests:/{print $8}')
      bad=$(echo "$out" | awk '/^status codes:/{print $7 + $9}')
      failed=$(echo "$out" | awk '/^requests:/{print $10}')
      k="$w:$t"
      rps[$k]="${rps[$k]:-} $(echo "$out" | awk '/^finished in/{print $4}')"
      lat[$k]="${lat[$k]:-} $(echo "$out" | awk '/^time for request:/{v=$6; if (v ~ /ms$/) {sub(/ms/,"",v); v*=1000} else if (v ~ /us$/) {sub(/us/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000000}; print v}')"
      cpu[$k]="${cpu[$k]:-} $(awk -v d=$((c1-c0)) -v h=$hz -v q=${done_:-0} 'BEGIN{if (q>0) printf "%.1f", d/h*1e6/q; else print "nan"}')"
      { [ "${failed:-0}" != 0 ] || [ "${bad:-0}" != 0 ]; } && echo "  $w $t round $r: ${done_:-0} succeeded, ${failed:-?} failed, ${bad:-?} 4xx/5xx"
    done
  done
done
med() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
echo "h2load -t1 -c$C -m$M, ${DUR}s x $ROUNDS rounds, THREADS=$THREADS, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for w in $WORKLOADS; do
  declare -A Mx=()
  for t in $(targets $w); do k="$w:$t"
    Mx[$t]=$(echo ${rps[$k]} | med)
    printf "%-5s %-9s rps=%-10s mean_us=%-8s cpu_us_per_req=%-6s rounds_rps:%s\n" $w $t ${Mx[$t]} \
      $(echo ${lat[$k]} | med) $(echo ${cpu[$k]} | med) "${rps[$k]}"
  done
  awk -v a=${Mx[proxyctl]} -v h=${Mx[haproxy]} -v w=$w 'BEGIN{printf "%-5s ratio rps proxyctl/haproxy=%.2f\n", w, a/h}'
done
for p in $(portpids 18195); do awk '/VmRSS|VmHWM/{printf "proxyctl %s %.0f MiB\n", $1, $2/1024}' /proc/$p/status; done
