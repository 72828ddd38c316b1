import { TerraformStack } from "cdktf";
import { buildApp } from "../stacks/app";
import { dev } from "../stacks/environments/dev";
import { liveInterpolationsIn } from "./helpers/live-interpolations";

describe("the kubeconfig path and context", () => {
  it("reach every provider verbatim, `${` and `%{` included, with nothing for Terraform to evaluate", () => {
    const environment = structuredClone(dev) as any;
    environment.kubernetes = { ...dev.kubernetes, configPath: "~/.kube/${USER}.yaml", context: "team-%{x}" };
    // a contact point reading a Kubernetes Secret gives the grafana stack a kubernetes provider too
    environment.alerting.contactPoints[0].webhookUrl = { secret: { name: "slack", key: "webhook-url" } };
    const app = buildApp([environment]);
    const [platform, grafana] = app.node.children.filter((child): child is TerraformStack => child instanceof TerraformStack).map((stack) => stack.toTerraform());
    const escaped = { config_path: "~/.kube/$${USER}.yaml", config_context: "team-%%{x}" };
    expect(platform.provider.kubernetes[0]).toMatchObject(escaped);
    expect(platform.provider.helm[0].kubernetes).toMatchObject(escaped);
    expect(grafana.provider.kubernetes[0]).toMatchObject(escaped);
    expect(liveInterpolationsIn([platform.provider, grafana.provider]).filter((expression) => /USER|x}/.test(expression))).toEqual([]);
  });
});
