#!/usr/bin/env bash
# npm run tools:build — builds every real program the real-program tests use (scripts/tools/build-*.sh),
# each into the cache once ($OBSERVABILITY_TOOLS_CACHE, default ~/.cache/cdktf-observability-tools).
# Goes on past a failed build, prints a summary, and exits 1 if any build failed.
set -uo pipefail
cd "$(dirname "$0")/.."
failed=()
for script in scripts/tools/build-*.sh; do
  [ -e "$script" ] || continue
  name="$(basename "$script" .sh)"; name="${name#build-}"
  start=$SECONDS
  if bash "$script"; then
    echo "tools:build: $name ok ($((SECONDS - start)) s)"
  else
    echo "tools:build: $name FAILED ($((SECONDS - start)) s)"
    failed+=("$name")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "tools:build: failed: ${failed[*]}"
  exit 1
fi
