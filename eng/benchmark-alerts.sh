#!/usr/bin/env bash
# Alerting: starts a durable PostgreSQL, Redis and the Release ingest on this machine with a webhook receiver, and
# prints the time from a new issue's first 201 to its webhook (p50/p99 over 200 new issues) and intake throughput
# with 10 active rules against none, measured in the same run. Extra options: --events N --concurrency N.
set -euo pipefail
cd "$(dirname "$0")/.."
FIVEHUNDREDS_SKIP_TEST_TOOLS=1 source eng/prerequisites.sh
dotnet build benchmarks/FiveHundreds.Benchmarks.Ingest -c Release -v quiet -nologo
dotnet benchmarks/FiveHundreds.Benchmarks.Ingest/bin/Release/net10.0/FiveHundreds.Benchmarks.Ingest.dll alerts \
  FiveHundreds.Ingest/bin/Release/net10.0/FiveHundreds.Ingest.dll "$@" --events 20000
