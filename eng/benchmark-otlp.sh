#!/usr/bin/env bash
# OTLP intake throughput: starts a durable PostgreSQL, Redis and the Release ingest on this machine, sends OTLP/HTTP
# protobuf batches of 100 spans (10 with an exception event) and prints exceptions/s against native events/s through
# /api/v1/events in the same run, and the cost per span of a batch without exceptions.
# Extra options: --events N (exceptions) --concurrency N.
set -euo pipefail
cd "$(dirname "$0")/.."
FIVEHUNDREDS_SKIP_TEST_TOOLS=1 source eng/prerequisites.sh
dotnet build benchmarks/FiveHundreds.Benchmarks.Ingest -c Release -v quiet -nologo
dotnet benchmarks/FiveHundreds.Benchmarks.Ingest/bin/Release/net10.0/FiveHundreds.Benchmarks.Ingest.dll otlp \
  FiveHundreds.Ingest/bin/Release/net10.0/FiveHundreds.Ingest.dll "$@"
