#!/usr/bin/env bash
# helm v3.18.4: the Helm library version the helm Terraform provider 3.1.1 embeds.
source "$(dirname "$0")/common.sh"
version=3.18.4
dir="$TOOLS_CACHE/helm-$version"
already_built "$dir" && exit 0
rm -rf "$dir" && mkdir -p "$dir/bin"
GOBIN="$dir/bin" go install "helm.sh/helm/v3/cmd/helm@v$version"
# go install embeds no version string; the module version it was built from is recorded in the binary
go version -m "$dir/bin/helm" | grep -q "mod[[:space:]]*helm.sh/helm/v3[[:space:]]*v$version"
mark_built "$dir"
