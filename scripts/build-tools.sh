#!/usr/bin/env bash
# npm run tools:build — builds every real program the real-program tests use (scripts/tools/build-*.sh),
# each into the cache once ($OBSERVABILITY_TOOLS_CACHE, default ~/.cache/cdktf-observability-tools).
# Goes on past a failed build, prints a summary, and exits 1 if any build failed. A program whose
# sources the registries do not serve (exit status 2, see common.sh) is reported as unavailable.
set -uo pipefail
cd "$(dirname "$0")/.."
failed=()
for script in scripts/tools/build-*.sh; do
  [ -e "$script" ] || continue
  name="$(basename "$script" .sh)"; name="${name#build-}"
  start=$SECONDS
  bash "$script"
  status=$?
  case $status in
    0) echo "tools:build: $name ok ($((SECONDS - start)) s)" ;;
    2) echo "tools:build: $name unavailable here: no source (see above); its tests fall back or skip" ;;
    *) echo "tools:build: $name FAILED ($((SECONDS - start)) s)"; failed+=("$name") ;;
  esac
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "tools:build: failed: ${failed[*]}"
  exit 1
fi
