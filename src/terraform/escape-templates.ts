/**
 * Terraform reads every string in `cdk.tf.json` as a template, so a `${…}` or `%{…}` meant
 * for someone else (Grafana's `${service}`, a chart's `${VAR}` for expand-env, the
 * collector's `${env:X}`, a relabel `${1}`) would be parsed as a Terraform expression.
 * Doubling them (`$${`, `%%{`) hands them over verbatim. cdktf tokens (`${TfToken[…]}`,
 * references resolved at synth) are left alone.
 */
export function escapeTerraformTemplates(text: string): string {
  return text.replace(/\$\{(?!TfToken\[)/g, "$$${").replace(/%\{/g, "%%{");
}

/**
 * Every string in `value` (objects and arrays walked) escaped as by
 * {@link escapeTerraformTemplates}: texts meant for Grafana or Alertmanager (summaries,
 * queries, templates, matchers) reach them verbatim. Tokens are left alone.
 */
export function escapeTerraformTemplatesDeep<T>(value: T): T {
  if (typeof value === "string") return escapeTerraformTemplates(value) as T;
  if (Array.isArray(value)) return value.map(escapeTerraformTemplatesDeep) as T;
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeTerraformTemplatesDeep(v)])) as T;
  return value;
}
