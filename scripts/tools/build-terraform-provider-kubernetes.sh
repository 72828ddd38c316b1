#!/usr/bin/env bash
# Terraform provider hashicorp/kubernetes 2.38.0 (the version the stacks pin), built from release tag v2.38.0's commit.
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/terraform-provider.sh"
build_terraform_provider hashicorp kubernetes 2.38.0 github.com/hashicorp/terraform-provider-kubernetes \
  terraform-provider-kubernetes be88f44271050f69d52f410bca388834afedfe71 Version
