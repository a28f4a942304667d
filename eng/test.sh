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

# One plain closing line with the totals.
summary=$(grep -E "^(Passed|Failed)! +- Failed:" "$log" | tail -1 || true)
if [ -n "$summary" ]; then
  passed=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")
  failed=$(sed -E 's/.*Failed: +([0-9]+), Passed.*/\1/' <<<"$summary")
  skipped=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$summary")
  echo "tests: $passed passed, $failed failed, $skipped skipped"
fi
rm -f "$log"
exit $status
