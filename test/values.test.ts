import { mergeValues, renderValuesDocuments } from "../src/helm/values";

describe("Helm values rendering", () => {
  const documents = (retention: string) => [
    { concern: "prometheus", values: { prometheus: { prometheusSpec: { retention, replicas: 2, externalLabels: { environment: "prod", cluster: "c1" } } } } },
    { concern: "alertmanager", values: { alertmanager: { alertmanagerSpec: { replicas: 3 } } } },
  ];

  it("renders one JSON document per concern, named by its concern, keys sorted at every level", () => {
    const rendered = renderValuesDocuments(documents("30d"));
    expect(rendered.map((doc) => doc.concern)).toEqual(["prometheus", "alertmanager"]);
    const [prometheus] = rendered.map((doc) => doc.text);
    // Terraform diffs a string key by key only when it parses as JSON and starts with `{`
    expect(prometheus.startsWith("{")).toBe(true);
    expect(JSON.parse(prometheus)).toEqual(documents("30d")[0].values);
    expect(prometheus).toContain('"externalLabels":{"cluster":"c1","environment":"prod"}');
    expect(prometheus.indexOf('"replicas"')).toBeLessThan(prometheus.indexOf('"retention"'));
  });

  it("changes only the changed knob's value in only its document", () => {
    const before = renderValuesDocuments(documents("15d")).map((doc) => doc.text);
    const after = renderValuesDocuments(documents("30d")).map((doc) => doc.text);
    expect(after[1]).toBe(before[1]);
    expect(after[0]).toBe(before[0].replace('"retention":"15d"', '"retention":"30d"'));
    expect(after[0]).not.toBe(before[0]);
  });

  it("escapes template markers for Terraform but leaves cdktf tokens alone", () => {
    const [doc] = renderValuesDocuments([
      { concern: "env", values: { password: "${env:ES_PASSWORD}", replacement: "${1}:${2}", directive: "%{if}", ref: "${TfToken[TOKEN.7]}" } },
    ]);
    expect(doc.text).toContain('"password":"$${env:ES_PASSWORD}"');
    expect(doc.text).toContain('"replacement":"$${1}:$${2}"');
    expect(doc.text).toContain('"directive":"%%{if}"');
    expect(doc.text).toContain('"ref":"${TfToken[TOKEN.7]}"');
  });

  it("keeps multi-line strings (configs, rule expressions) as one escaped JSON string", () => {
    const config = 'loki.write "default" {\n  endpoint {\n    url = "http://loki/push"\n  }\n}\n';
    const [doc] = renderValuesDocuments([{ concern: "pipeline", values: { alloy: { configMap: { content: config } } } }]);
    expect(doc.text).not.toContain("\n");
    expect(JSON.parse(doc.text).alloy.configMap.content).toBe(config);
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
