#!/usr/bin/env bash
# actionlint v1.7.12: lints the GitHub workflows deeper than the schema check of npm test
# (expressions and their contexts, `needs`/matrix references, known actions' inputs).
source "$(dirname "$0")/common.sh"
version=1.7.12
dir="$TOOLS_CACHE/actionlint-$version"
already_built "$dir" && exit 0
rm -rf "$dir" && mkdir -p "$dir/bin"
GOBIN="$dir/bin" go install "github.com/rhysd/actionlint/cmd/actionlint@v$version"
go version -m "$dir/bin/actionlint" | grep -q "mod[[:space:]]*github.com/rhysd/actionlint[[:space:]]*v$version"
mark_built "$dir"
