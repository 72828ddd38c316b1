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
# the build info Jaeger's own Makefile stamps in (its v2 version and release commit)
info=github.com/jaegertracing/jaeger/internal/version
ldflags="-X $info.latestVersion=v$version -X $info.commitSHA=1c5531b15d6a90c91a5a6cec94171ccc18ebd3ca"
(cd "$src" && go build -ldflags "$ldflags" -o "$dir/bin/jaeger" github.com/jaegertracing/jaeger/cmd/jaeger)
go version -m "$dir/bin/jaeger" | grep -q "mod[[:space:]]*github.com/jaegertracing/jaeger[[:space:]]*$module_version"
"$dir/bin/jaeger" version 2>/dev/null | grep -q "\"gitVersion\":\"v$version\""
mark_built "$dir"
