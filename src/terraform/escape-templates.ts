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
