#!/usr/bin/env bash
# alloy-syntax: our tiny parser front end (scripts/tools/alloy-syntax/) over Alloy's own syntax
# module github.com/grafana/alloy/syntax v0.1.1 (Apache-2.0), whose parser is the one Alloy v1.18 builds with.
source "$(dirname "$0")/common.sh"
version=0.1.1
src="$(cd "$(dirname "$0")/alloy-syntax" && pwd)"
dir="$TOOLS_CACHE/alloy-syntax-$version"
already_built "$dir" && exit 0
rm -rf "$dir" && mkdir -p "$dir/bin"
(cd "$src" && go build -o "$dir/bin/alloy-syntax" .)
go version -m "$dir/bin/alloy-syntax" | grep -q "dep[[:space:]]*github.com/grafana/alloy/syntax[[:space:]]*v$version"
mark_built "$dir"
