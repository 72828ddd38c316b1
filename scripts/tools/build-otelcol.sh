#!/usr/bin/env bash
# OpenTelemetry Collector 0.158.0 (the contrib release the opentelemetry-collector chart 0.170.0
# ships), built by the collector builder from scripts/tools/otelcol/builder-config.yaml with exactly
# the components our collector config uses.
source "$(dirname "$0")/common.sh"
version=0.158.0
manifest="$(cd "$(dirname "$0")/otelcol" && pwd)/builder-config.yaml"
dir="$TOOLS_CACHE/otelcol-$version"
already_built "$dir" && exit 0
rm -rf "$dir" && mkdir -p "$dir/bin"
GOBIN="$dir/bin" go install "go.opentelemetry.io/collector/cmd/builder@v$version"
# the manifest's output_path (./src) is relative to this folder
(cd "$dir" && "$dir/bin/builder" --config="$manifest")
mv "$dir/src/otelcol" "$dir/bin/otelcol"
# the binary reports the manifest's version; its modules are the ones the builder resolved
"$dir/bin/otelcol" --version | grep -q "version $version\$"
go version -m "$dir/bin/otelcol" | grep -q "dep[[:space:]]*github.com/open-telemetry/opentelemetry-collector-contrib/processor/k8sattributesprocessor[[:space:]]*v$version"
go version -m "$dir/bin/otelcol" | grep -q "dep[[:space:]]*go.opentelemetry.io/collector/otelcol[[:space:]]*v$version"
mark_built "$dir"
