"""Cost of the SDK to a Django application, measured with Django's test client.

For each scenario it times requests to a view that raises (and to one that does not), and prints the median
and p95 per request, with a baseline without the SDK run in the same process before and after the others:

  - without the SDK (baseline)
  - with the SDK, sending to a healthy intake (a local server in another process)
  - with the SDK, the intake down (nothing listens on the port)
  - with the SDK, the intake hanging (accepts connections and never answers)

Run from sdks/python:  /usr/bin/python3 benchmarks/bench_django.py [--requests 2000]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import tests  # noqa: E402,F401  (configures Django with the test project)
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

import fivehundreds  # noqa: E402
from tests.servers import closed_port_url  # noqa: E402

TARGET_MS = 1.0


def measure(path, requests):
    client = Client(raise_request_exception=False)
    for _ in range(min(200, requests)):  # warm-up: middleware loading, linecache, first connections
        client.get(path)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000.0)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95)]


def scenario(name, endpoint, requests, options=None):
    fivehundreds.shutdown(timeout=0)
    if endpoint is None:
        overrides = {"MIDDLEWARE": settings.WITHOUT_SDK}
    else:
        overrides = {"FIVEHUNDREDS": dict({"ENDPOINT": endpoint, "KEY": "bench-key"}, **(options or {}))}
    with override_settings(**overrides):
        boom = measure("/boom", requests)
        ok = measure("/ok", requests)
        client = fivehundreds.get_client()
        counts = "" if client is None else "sent %d, dropped %d, failed %d" % (client.sent, client.dropped, client.failed)
        fivehundreds.shutdown(timeout=0 if endpoint is None else 2)
    print("%-34s %9.3f %9.3f %11.3f %9.3f   %s" % (name, boom[0], boom[1], ok[0], ok[1], counts), flush=True)
    return boom, ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()

    servers = subprocess.Popen([sys.executable, os.path.join(ROOT, "benchmarks", "local_servers.py")],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        intake_url, hang_url = servers.stdout.readline().split()
        print("Django %s, Python %s, %d requests per scenario; times in ms per request"
              % (__import__("django").get_version(), sys.version.split()[0], args.requests))
        print("%-34s %9s %9s %11s %9s" % ("scenario", "raise p50", "raise p95", "no-raise p50", "p95"))
        base1 = scenario("without the SDK (baseline)", None, args.requests)
        healthy = scenario("SDK, healthy intake", intake_url, args.requests)
        down = scenario("SDK, intake down", closed_port_url(), args.requests)
        hanging = scenario("SDK, intake hanging", hang_url, args.requests, {"TIMEOUT": 30})
        base2 = scenario("without the SDK (baseline again)", None, args.requests)
    finally:
        servers.stdin.close()
        servers.wait(timeout=10)

    baseline_raise = statistics.median([base1[0][0], base2[0][0]])
    baseline_ok = statistics.median([base1[1][0], base2[1][0]])
    print()
    print("baseline (mean of both baseline runs): raise %.3f ms, no-raise %.3f ms" % (baseline_raise, baseline_ok))
    for name, result in (("healthy", healthy), ("down", down), ("hanging", hanging)):
        print("SDK overhead, intake %-8s raise %+.3f ms (p50), no-raise %+.3f ms (p50)"
              % (name + ":", result[0][0] - baseline_raise, result[1][0] - baseline_ok))
    worst = max(r[0][0] for r in (healthy, down, hanging)) - baseline_raise
    print("capture overhead, worst scenario: %.3f ms median, target < %.1f ms: %s"
          % (worst, TARGET_MS, "met" if worst < TARGET_MS else "NOT met"))
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
