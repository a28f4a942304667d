#!/usr/bin/env bash
# Runs the whole FiveHundreds test suite: unit tests, the ingest against real PostgreSQL and Redis, and the
# whole stack started once through Aspire.Hosting.Testing (dashboard in chromium, MCP with the official
# client, the SDKs against the real ingest).
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/prerequisites.sh

log=$(mktemp)
status=0
dotnet test FiveHundreds.sln --logger "console;verbosity=normal" --results-directory TestResults 2>&1 | tee "$log" || status=$?

# One plain closing line with the totals (from the runner's "Passed: N" / "Failed: N" / "Skipped: N" lines).
count() { grep -E "^\s+$1: +[0-9]+" "$log" | tail -1 | grep -oE "[0-9]+" || echo 0; }
if grep -qE "^Total tests:" "$log"; then
  echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
fi
rm -f "$log"
exit $status
