#!/usr/bin/env bash
# Terraform provider hashicorp/helm 3.1.1 (the version the stacks pin), built from release tag v3.1.1's commit.
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/terraform-provider.sh"
build_terraform_provider hashicorp helm 3.1.1 github.com/hashicorp/terraform-provider-helm \
  terraform-provider-helm 1cbf08f6a306ab3cdff6079b87a61c7641b64f3b Version
