#!/usr/bin/env python3
"""Runs a command several times in fresh processes and reports wall time like hyperfine: mean +- sd, min, max.

usage: time-runs.py RUNS LABEL -- COMMAND...
One warm-up run is discarded (it fills the OS page cache). Exits non-zero if any run fails.
"""
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit(__doc__.strip().splitlines()[2])
    runs, label, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[4:]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    sd = statistics.stdev(times) if len(times) > 1 else 0.0
    print(f"{label:<40} {statistics.mean(times):6.3f} s +- {sd:5.3f} s  (min {min(times):.3f}, max {max(times):.3f}, {runs} runs)")


if __name__ == "__main__":
    main()
