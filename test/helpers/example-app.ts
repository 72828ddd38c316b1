import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { GrafanaProvider } from "../../.gen/providers/grafana/provider";
import { CheckoutObservability } from "../../examples/onboard-app";

/** The stack of the example app's repo (examples/onboard-app.ts). */
export const EXAMPLE_STACK = "checkout-observability";

/**
 * The example app repo's stack, synthesized into a fresh directory; returns that directory.
 * `onboard` puts something else than the example in the same stack.
 */
export function synthExample(onboard: (stack: TerraformStack) => void = (stack) => new CheckoutObservability(stack, "checkout")): string {
  const outdir = mkdtempSync(join(tmpdir(), "example-app-"));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, EXAMPLE_STACK);
  new KubernetesProvider(stack, "kubernetes", {
    configPath: "~/.kube/config",
    configContext: "prod",
  });
  new GrafanaProvider(stack, "grafana", { url: "https://grafana.example.com" });
  onboard(stack);
  app.synth();
  return outdir;
}
