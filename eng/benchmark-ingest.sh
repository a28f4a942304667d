#!/usr/bin/env bash
# The ingest's throughput: starts a durable PostgreSQL, Redis and the Release ingest on this machine, sends realistic
# events from many concurrent senders, and prints events/s, p50/p99, peak memory and the ratio to a raw Npgsql
# one-transaction-per-event baseline measured in the same run. Extra options: --events N --concurrency N.
set -euo pipefail
cd "$(dirname "$0")/.."
FIVEHUNDREDS_SKIP_TEST_TOOLS=1 source eng/prerequisites.sh
# The benchmark references the AppHost, so this also builds the Release ingest it runs.
dotnet build benchmarks/FiveHundreds.Benchmarks.Ingest -c Release -v quiet -nologo
dotnet benchmarks/FiveHundreds.Benchmarks.Ingest/bin/Release/net10.0/FiveHundreds.Benchmarks.Ingest.dll ingest \
  FiveHundreds.Ingest/bin/Release/net10.0/FiveHundreds.Ingest.dll "$@"
