#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine with only the .NET SDK lacks to run and test FiveHundreds, and
# trusts the HTTPS development certificate that Aspire's dashboard and tests need. Safe to run again.
# Sourced by eng/run.sh and eng/test.sh.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# The AppHost's mail catcher where no container engine runs, and the alert tests' SMTP server.
dpkg -s python3-aiosmtpd >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
if [ "${FIVEHUNDREDS_SKIP_TEST_TOOLS:-0}" != 1 ]; then
  # Browser tests drive Debian's chromium; the Django SDK and Sentry-compatibility tests use Debian's Python packages;
  # the set-up snippet tests build the wheel and install it with pip into a new virtual environment.
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  for package in python3-django python3-sentry-sdk python3-pip python3-venv python3-setuptools python3-wheel; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The Aspire dashboard serves HTTPS; health checks and tests must trust its development certificate.
dotnet dev-certs https >/dev/null 2>&1 || true
if [ ! -d "$HOME/.aspnet/dev-certs/trust" ] || [ -z "$(ls -A "$HOME/.aspnet/dev-certs/trust" 2>/dev/null)" ]; then
  dotnet dev-certs https --trust >/dev/null 2>&1 || true
fi
export SSL_CERT_DIR="$HOME/.aspnet/dev-certs/trust:${SSL_CERT_DIR:-/usr/lib/ssl/certs}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
