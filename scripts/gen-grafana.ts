/**
 * Generates the Grafana provider bindings under `.gen/providers/grafana` from a
 * `terraform providers schema -json` document, with cdktf's own generator.
 *
 * Usage: npm run gen:grafana [-- <schema.json> [<output dir>]]
 *   schema  default: ../shared/provider-schemas/grafana.json (or $GRAFANA_PROVIDER_SCHEMA)
 *   output  default: .gen
 *
 * The provider version comes from `cdktf.json` (`grafana/grafana@<version>`), so the
 * bindings pin the same version `cdktf get` would.
 */
import { generateGrafanaBindings } from "./grafana-bindings";

const schemaPath = process.argv[2] ?? process.env.GRAFANA_PROVIDER_SCHEMA ?? "../shared/provider-schemas/grafana.json";
const outDir = process.argv[3] ?? ".gen";

generateGrafanaBindings(schemaPath, outDir).then(
  (files) => console.log(`gen:grafana: wrote ${files} files under ${outDir}/providers/grafana from ${schemaPath}`),
  (error: unknown) => {
    console.error(`gen:grafana: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
