#!/usr/bin/env bash
# Starts the whole FiveHundreds stack (PostgreSQL, Redis, ingest, web, mcp) with the Aspire AppHost and prints
# where to sign in. Uses containers where Docker runs, the machine's own PostgreSQL and Redis elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
FIVEHUNDREDS_SKIP_TEST_TOOLS=1 source eng/prerequisites.sh

apphost=FiveHundreds.AppHost
# The build restores the AppHost's MSBuild SDK, without which `dotnet user-secrets` cannot read the project.
dotnet build "$apphost" -v quiet -nologo

# The AppHost runs in Development (its launch profile), so it reads its persisted parameters from its user secrets
# and generates only the missing ones on first start. What is printed is read back from there once the AppHost has
# them: the very values the stack uses.
dotnet run --project "$apphost" --no-build &
apphost_pid=$!
# A script's background job ignores Ctrl+C (SIGINT), so it is handed on as SIGTERM, which `dotnet run` passes to the
# AppHost; the AppHost then stops every resource.
trap 'kill -TERM "$apphost_pid" 2>/dev/null || true' INT TERM

secret() {
  dotnet user-secrets list --project "$apphost" 2>/dev/null | sed -n "s/^Parameters:$1 = //p"
}
dashboard_secret="" admin_token=""
while [ -z "$dashboard_secret" ] || [ -z "$admin_token" ]; do
  if ! kill -0 "$apphost_pid" 2>/dev/null; then
    wait "$apphost_pid" && status=0 || status=$?
    echo "The AppHost stopped before it had its secrets (exit code $status); its messages are above." >&2
    exit $(( status == 0 ? 1 : status ))
  fi
  sleep 1
  dashboard_secret=$(secret admin-password)
  admin_token=$(secret admin-token)
done

cat <<MSG

  FiveHundreds dashboard:  http://localhost:5190   (sign in as admin / $dashboard_secret)
  Ingest and triage API:   http://localhost:5180   (API token: $admin_token)
  MCP server:              http://localhost:5200/mcp
  Aspire dashboard:        https://localhost:17190 (its login URL is among the AppHost's lines)
  Secrets: dotnet user-secrets list --project $apphost. Stop with Ctrl+C.

MSG
# wait returns early when Ctrl+C runs the trap; the AppHost's own exit code is the script's (1 when a data store
# refused what it kept).
while kill -0 "$apphost_pid" 2>/dev/null; do
  wait "$apphost_pid" || true
done
wait "$apphost_pid" && status=0 || status=$?
exit "$status"
