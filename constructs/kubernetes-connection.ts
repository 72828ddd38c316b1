import { Environment } from "../src/config/environment-schema";
import { escapeTerraformTemplates } from "../src/terraform/escape-templates";

/**
 * How the kubernetes and helm providers reach the environment's cluster. A path or context
 * name may hold `${` or `%{` (kubeconfig allows any name): handed to Terraform verbatim.
 */
export function kubernetesConnection({ configPath, context }: Environment["kubernetes"]): { configPath: string; configContext: string } {
  return { configPath: escapeTerraformTemplates(configPath), configContext: escapeTerraformTemplates(context) };
}
