#!/usr/bin/env bash
# The intake under attack: starts a durable PostgreSQL, Redis and the Release ingest on this machine, times each
# pathological 1 MiB body against a normal 1 MiB event in the same run (the ratio), then floods the ingest with
# 200 connections of slow and pathological bodies while another project sends events, and prints its peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
FIVEHUNDREDS_SKIP_TEST_TOOLS=1 source eng/prerequisites.sh
# The benchmark references the AppHost, so this also builds the Release ingest it runs.
dotnet build benchmarks/FiveHundreds.Benchmarks.Ingest -c Release -v quiet -nologo
dotnet benchmarks/FiveHundreds.Benchmarks.Ingest/bin/Release/net10.0/FiveHundreds.Benchmarks.Ingest.dll intake-bounds \
  FiveHundreds.Ingest/bin/Release/net10.0/FiveHundreds.Ingest.dll "$@"
