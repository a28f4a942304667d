#!/usr/bin/env bash
# The issue list's speed: seeds 100,000 issues (one event, four facet values and a user each) and times the issue list's first page
# (median and p95, every status filter, with and without a search) against an event-counting baseline, then the
# dashboard's issue list page (server time of the prerendered first page) against that API call.
set -euo pipefail
cd "$(dirname "$0")/.."
FIVEHUNDREDS_SKIP_TEST_TOOLS=1 source eng/prerequisites.sh
# The benchmark references the AppHost, so this also builds the Release ingest and dashboard it runs.
dotnet build benchmarks/FiveHundreds.Benchmarks.Ingest -c Release -v quiet -nologo
dotnet benchmarks/FiveHundreds.Benchmarks.Ingest/bin/Release/net10.0/FiveHundreds.Benchmarks.Ingest.dll issue-list \
  FiveHundreds.Ingest/bin/Release/net10.0/FiveHundreds.Ingest.dll \
  --web FiveHundreds.Web/bin/Release/net10.0/FiveHundreds.Web.dll "$@"
