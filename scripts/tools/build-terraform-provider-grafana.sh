#!/usr/bin/env bash
# Terraform provider grafana/grafana 4.45.1 (the version the stacks pin), built from release tag v4.45.1's commit.
# Fails where the Go module proxy serves only part of the modules: it refuses, besides the
# provider itself, 13 modules the provider imports (among them github.com/grafana/grafana/apps/*,
# under the AGPL). test/real then falls back to the schema stub of ../shared for this provider.
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/terraform-provider.sh"
build_terraform_provider grafana grafana 4.45.1 github.com/grafana/terraform-provider-grafana/v4 \
  terraform-provider-grafana 7f3311691b0e124c55347f7204501fba77f61453 version
