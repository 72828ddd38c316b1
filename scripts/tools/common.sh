# Sourced by the build scripts in this folder. Real programs are built once from their Go
# modules into a cache outside the clone, one folder per program and version, and reused.
set -euo pipefail
TOOLS_CACHE="${OBSERVABILITY_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-observability-tools}"
export GOFLAGS="${GOFLAGS:--mod=mod}"
mkdir -p "$TOOLS_CACHE"

# Exit status of a build script whose sources the registries here do not serve (nothing failed:
# the program is unavailable, and the tests fall back or skip, saying so).
UNAVAILABLE_HERE=2

# already_built DIR: true (and says so) when DIR holds a finished build.
already_built() {
  if [ -f "$1/.built" ]; then echo "cached: $1"; return 0; fi
  return 1
}

# mark_built DIR: records a finished build (a half-written folder is rebuilt next time).
mark_built() {
  date -u +%FT%TZ > "$1/.built"
}
