#!/usr/bin/env bash
# Packs the SDKs as their users install them: FiveHundreds.Sdk and FiveHundreds.Sdk.AspNetCore (.nupkg) and the
# Python package (wheel), all into one folder (default artifacts/packages), which is then a local NuGet source and
# the place of the wheel for pip:
#   dotnet add package FiveHundreds.Sdk.AspNetCore --source <that folder>
#   pip install <that folder>/fivehundreds-<version>-py3-none-any.whl
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-artifacts/packages}")
mkdir -p "$out"

for project in FiveHundreds.Sdk FiveHundreds.Sdk.AspNetCore; do
  dotnet pack "sdks/dotnet/$project" -c Release -o "$out" -v quiet -nologo
done

# Debian's own Python builds the wheel offline: no build isolation, so pip downloads nothing.
python=/usr/bin/python3
if ! "$python" -c "import pip, setuptools, wheel" 2>/dev/null; then
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-pip python3-setuptools python3-wheel >/dev/null
fi
# Built from a copy, so that the build leaves no build/ or .egg-info folders in the source.
source_copy=$(mktemp -d)
trap 'rm -rf "$source_copy"' EXIT
cp -r sdks/python/pyproject.toml sdks/python/README.md sdks/python/fivehundreds "$source_copy"
"$python" -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir "$out" "$source_copy"

echo "SDK packages in $out:"
ls -1 "$out"
