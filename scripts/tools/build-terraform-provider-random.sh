#!/usr/bin/env bash
# Terraform provider hashicorp/random 3.7.2 (the version the stacks pin), built from release tag v3.7.2's commit.
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/terraform-provider.sh"
build_terraform_provider hashicorp random 3.7.2 github.com/terraform-providers/terraform-provider-random \
  terraform-provider-random bc2ddb552b4676d16997987a9bf2875c7b98d342 Version
