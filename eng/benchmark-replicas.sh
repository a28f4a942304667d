#!/usr/bin/env bash
# The intake through the AppHost's ingest endpoint with 1 and then 2 ingest replicas (Replicas:Ingest), each on a
# fresh stack in a temporary data folder: events/s, p50/p99, and every acknowledged event stored and counted once.
# Usage: eng/benchmark-replicas.sh [--events N] [--concurrency N] [--warmup N]
set -euo pipefail
cd "$(dirname "$0")/.."
FIVEHUNDREDS_SKIP_TEST_TOOLS=1 source eng/prerequisites.sh
export SSL_CERT_DIR="${SSL_CERT_DIR:-$HOME/.aspnet/dev-certs/trust:/usr/lib/ssl/certs}"
# The benchmark references the AppHost, so this also builds the Release services the AppHost runs.
dotnet build benchmarks/FiveHundreds.Benchmarks.Ingest -c Release -v quiet -nologo
dotnet benchmarks/FiveHundreds.Benchmarks.Ingest/bin/Release/net10.0/FiveHundreds.Benchmarks.Ingest.dll replicas \
  FiveHundreds.Ingest/bin/Release/net10.0/FiveHundreds.Ingest.dll "$@"
