#!/usr/bin/env bash
# The store at scale: seeds N events (default 10,000,000; about 4 KB each, 100 per issue, 5 projects, 30 daily
# partitions) with COPY, prints the database size per million events, median/p95 of the issue list (unresolved and
# searched), the issue page and an issue's event page, the time to drop one day's partition, and the intake's
# throughput alone and during a retention pass in the same run.
# Usage: eng/benchmark-retention.sh [--seed-events N] [--intake-seconds N] [--concurrency N]
# It needs about 3 GB of free disk per million events while it runs, plus up to 4 GB of WAL (the data folder is
# removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
FIVEHUNDREDS_SKIP_TEST_TOOLS=1 source eng/prerequisites.sh
# The benchmark references the AppHost, so this also builds the Release ingest it runs.
dotnet build benchmarks/FiveHundreds.Benchmarks.Ingest -c Release -v quiet -nologo
dotnet benchmarks/FiveHundreds.Benchmarks.Ingest/bin/Release/net10.0/FiveHundreds.Benchmarks.Ingest.dll retention \
  FiveHundreds.Ingest/bin/Release/net10.0/FiveHundreds.Ingest.dll "$@"
