#!/usr/bin/env bash
# Jaeger v2.12.0 (module tag v1.75.0, the same commit): the Go module proxy serves no later approved
# release, and none of v2.19.0, the chart's appVersion (see README "Real programs"). Built from
# scripts/tools/jaeger/, a wrapper module that repeats the replace line of Jaeger's own go.mod.
source "$(dirname "$0")/common.sh"
version=2.12.0
module_version=v1.75.0
src="$(cd "$(dirname "$0")/jaeger" && pwd)"
dir="$TOOLS_CACHE/jaeger-$version"
already_built "$dir" && exit 0
rm -rf "$dir" && mkdir -p "$dir/bin"
(cd "$src" && go build -o "$dir/bin/jaeger" github.com/jaegertracing/jaeger/cmd/jaeger)
go version -m "$dir/bin/jaeger" | grep -q "mod[[:space:]]*github.com/jaegertracing/jaeger[[:space:]]*$module_version"
mark_built "$dir"
