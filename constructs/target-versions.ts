/**
 * The Terraform versions the stacks are written for, to pass as the App's `targetVersions`
 * context (`new App({ context: { targetVersions: TARGET_VERSIONS } })`; this repo also
 * declares it in `cdktf.json`'s `context`, which the CLI hands to the app). cdktn checks the
 * Terraform features a stack uses against it: S3 native state locking (`use_lockfile`) needs
 * Terraform 1.10, and without a declaration cdktn assumes Terraform ≥ 1.5.7 and OpenTofu ≥
 * 1.6 and refuses it. cdktf 0.21 ignores it.
 */
export const TARGET_VERSIONS = { terraform: ">=1.10.0" } as const;
