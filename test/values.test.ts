import { parseDocument } from "yaml";
import { mergeValues, renderValuesDocuments } from "../src/helm/values";

describe("Helm values rendering", () => {
  const documents = (retention: string) => [
    { concern: "prometheus", values: { prometheus: { prometheusSpec: { retention, replicas: 2, externalLabels: { environment: "prod", cluster: "c1" } } } } },
    { concern: "alertmanager", values: { alertmanager: { alertmanagerSpec: { replicas: 3 } } } },
  ];

  it("renders one YAML document per concern, headed by its name, keys sorted", () => {
    const [prometheus, alertmanager] = renderValuesDocuments(documents("30d"));
    expect(prometheus.split("\n")[0]).toBe("# prometheus");
    expect(alertmanager.split("\n")[0]).toBe("# alertmanager");
    expect(prometheus).toContain("externalLabels:\n      cluster: c1\n      environment: prod\n");
    expect(prometheus.indexOf("replicas")).toBeLessThan(prometheus.indexOf("retention"));
    expect(parseDocument(prometheus).toJS()).toEqual(documents("30d")[0].values);
  });

  it("turns a one-knob change into a one-line diff in one document", () => {
    const before = renderValuesDocuments(documents("15d"));
    const after = renderValuesDocuments(documents("30d"));
    expect(after[1]).toBe(before[1]);
    const beforeLines = before[0].split("\n");
    const changed = after[0].split("\n").filter((line, i) => line !== beforeLines[i]);
    expect(changed).toEqual(["    retention: 30d"]);
    expect(after[0].split("\n")).toHaveLength(beforeLines.length);
  });

  it("escapes template markers for Terraform but leaves cdktf tokens alone", () => {
    const [doc] = renderValuesDocuments([
      { concern: "env", values: { password: "${env:ES_PASSWORD}", replacement: "${1}:${2}", directive: "%{if}", ref: "${TfToken[TOKEN.7]}" } },
    ]);
    expect(doc).toContain("password: $${env:ES_PASSWORD}");
    expect(doc).toContain("replacement: $${1}:$${2}");
    expect(doc).toContain("directive: \"%%{if}\"");
    expect(doc).toContain("ref: ${TfToken[TOKEN.7]}");
  });

  it("drops empty documents", () => {
    expect(renderValuesDocuments([{ concern: "empty", values: {} }])).toEqual([]);
  });

  it("merges like Helm: maps key by key, lists replaced, null kept to delete a default", () => {
    expect(
      mergeValues({ a: { b: 1, c: [1, 2], keep: true } }, { a: { b: 2, c: [3], gone: null } }),
    ).toEqual({ a: { b: 2, c: [3], keep: true, gone: null } });
  });
});
