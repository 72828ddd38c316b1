# Sourced by the build-terraform-provider-*.sh scripts (after common.sh): builds one Terraform
# provider at a pinned release from its Go source into its own cache folder, laid out as a
# Terraform filesystem mirror:
#   <cache>/terraform-provider-<type>-<version>/registry.terraform.io/<ns>/<type>/<version>/<os>_<arch>/
#     terraform-provider-<type>_v<version>
# `terraform init` finds it offline through a CLI config (TF_CLI_CONFIG_FILE) that lists these
# folders as filesystem_mirror paths (test/helpers/terraform-providers.ts writes one).
#
# The source is the release commit (the tag's commit, pinned here so a moved tag cannot change
# the build), taken from the first of:
#   1. the Go module proxy, by commit (`go mod download <module>@<commit>`): the tags of these
#      providers are v2+ releases of modules without a /vN suffix, so only a commit names them;
#   2. a git clone of the provider's repository (bare or not) in
#      $OBSERVABILITY_PROVIDER_SOURCES/<repository-name> that holds the commit
#      (e.g. `git clone --bare https://github.com/hashicorp/terraform-provider-random`).
# It is built as the main module, so its own go.mod (and any replace lines in it) decides every
# dependency version, with the release's version stamped in as the provider's goreleaser does.

# build_terraform_provider NAMESPACE TYPE VERSION MODULE REPOSITORY COMMIT VERSION_VAR
build_terraform_provider() {
  local ns="$1" type="$2" version="$3" module="$4" repo="$5" commit="$6" version_var="$7"
  local dir="$TOOLS_CACHE/terraform-provider-$type-$version"
  already_built "$dir" && return 0
  local platform; platform="$(go env GOOS)_$(go env GOARCH)"
  local bin_dir="$dir/registry.terraform.io/$ns/$type/$version/$platform"
  local work; work="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: the trap runs after this function's locals are gone
  trap "rm -rf '$work'" EXIT
  provider_source "$module" "$repo" "$commit" "$work/src" || return
  rm -rf "$dir" && mkdir -p "$bin_dir"
  (cd "$work/src" && GOFLAGS=-mod=readonly go build -trimpath \
    -ldflags "-s -w -X main.$version_var=$version" -o "$bin_dir/terraform-provider-${type}_v$version" .)
  # the built main module is the release commit's go.mod: check that it is the provider's module
  go version -m "$bin_dir/terraform-provider-${type}_v$version" | grep -q "^[[:space:]]*mod[[:space:]]*$module[[:space:]]"
  echo "$module@$commit (v$version) from $(cat "$work/src.from")" > "$dir/SOURCE"
  mark_built "$dir"
}

# provider_source MODULE REPOSITORY COMMIT DEST: writes the commit's source tree to DEST and
# where it came from to DEST.from; says why on stderr when no source has it.
provider_source() {
  local module="$1" repo="$2" commit="$3" dest="$4" out proxy_error
  if out="$(go mod download -json "$module@$commit" 2>&1)" && [ -n "$(json_field Dir <<<"$out")" ]; then
    cp -r "$(json_field Dir <<<"$out")" "$dest" && chmod -R u+w "$dest"
    echo "the Go module proxy" > "$dest.from"
    return 0
  fi
  proxy_error="$(json_field Error <<<"$out")"
  echo "Go module proxy: ${proxy_error:-$out}" >&2
  local clone="${OBSERVABILITY_PROVIDER_SOURCES:-}/$repo"
  if [ -n "${OBSERVABILITY_PROVIDER_SOURCES:-}" ] && git -C "$clone" cat-file -e "$commit^{commit}" 2>/dev/null; then
    # the commit's files, through a scratch index; testdata folders are never part of a build
    # (and a partial clone may lack their blobs)
    mkdir -p "$dest"
    (cd "$dest" && export GIT_DIR="$(git -C "$clone" rev-parse --absolute-git-dir)" GIT_WORK_TREE="$dest" \
        GIT_INDEX_FILE="$dest.index" && git read-tree "$commit" \
        && git ls-files | grep -v '\(^\|/\)testdata/' | git checkout-index --stdin) \
      || { echo "cannot read $commit from $clone" >&2; return 1; }
    echo "a git clone of $repo" > "$dest.from"
    return 0
  fi
  echo "no source for $module@$commit: no Go module, and git clone: ${OBSERVABILITY_PROVIDER_SOURCES:+$clone has no commit $commit}${OBSERVABILITY_PROVIDER_SOURCES:-OBSERVABILITY_PROVIDER_SOURCES is not set} (a folder holding a clone named $repo)" >&2
  return "$UNAVAILABLE_HERE"
}

# json_field NAME: the string field NAME of the JSON object `go mod download -json` printed on stdin.
json_field() {
  node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{try{process.stdout.write(String(JSON.parse(s)[process.argv[1]]??""))}catch{}})' "$1"
}
