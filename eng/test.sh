#!/usr/bin/env bash
# Runs the whole FiveHundreds test suite: unit tests, the ingest against real PostgreSQL and Redis, and the
# whole stack started once through Aspire.Hosting.Testing (dashboard in chromium, MCP with the official
# client, the SDKs against the real ingest).
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/prerequisites.sh

# The suite must leave the developer's own stack alone: the AppHost's user secrets (its persisted parameters) and
# its local data folder are fingerprinted before and compared after.
own_stack_fingerprint() {
  local secrets="$HOME/.microsoft/usersecrets/$(sed -n 's:.*<UserSecretsId>\(.*\)</UserSecretsId>.*:\1:p' FiveHundreds.AppHost/FiveHundreds.AppHost.csproj)/secrets.json"
  { [ -f "$secrets" ] && sha256sum "$secrets" || echo "no $secrets"
    [ -d FiveHundreds.AppHost/.data ] && find FiveHundreds.AppHost/.data -type f -print0 | sort -z | xargs -0 -r sha256sum || echo "no data folder"
  } 2>/dev/null
}
fingerprint_before=$(own_stack_fingerprint)

log=$(mktemp)
status=0
dotnet test FiveHundreds.sln --logger "console;verbosity=normal" --results-directory TestResults 2>&1 | tee "$log" || status=$?

fingerprint_after=$(own_stack_fingerprint)
if [ "$fingerprint_after" != "$fingerprint_before" ]; then
  echo "The test run changed the AppHost's user secrets or FiveHundreds.AppHost/.data (or your own stack ran meanwhile):" >&2
  diff <(echo "$fingerprint_before") <(echo "$fingerprint_after") >&2 || true
  status=1
fi

# One plain closing line with the totals (from the runner's "Passed: N" / "Failed: N" / "Skipped: N" lines).
count() { grep -E "^\s+$1: +[0-9]+" "$log" | tail -1 | grep -oE "[0-9]+" || echo 0; }
if grep -qE "^Total tests:" "$log"; then
  echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
fi
rm -f "$log"
exit $status
