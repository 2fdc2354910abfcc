// Validates Kubernetes manifests against the API schemas, offline.
//
//   node .ci/kubernetes/validate.mjs FILE.yaml...
//
// Every YAML document must be an object whose apiVersion and kind name a known API type: the Kubernetes API
// (kubernetes-models, generated from the Kubernetes OpenAPI definitions), the Prometheus Operator's CRDs
// (ServiceMonitor, PrometheusRule, ...) and KEDA's (ScaledObject, TriggerAuthentication). Each document is
// checked against its JSON schema: types, required fields, enums and formats (quantities, int-or-string ports).
// An unknown apiVersion/kind is an error, never a skip. The schemas come from the pinned npm packages in
// package-lock.json; nothing is fetched at run time.
//
// Not checked by the schemas: fields the schema does not know (the Kubernetes OpenAPI definitions allow extra
// properties; a misspelt optional field is ignored rather than rejected). .ci/deploy-checks.sh checks the fields
// the deployment relies on separately.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// apiVersion group -> package whose module "<package>/<group>/<version>" exports one class per kind.
const GROUPS = new Map([
  ["", "kubernetes-models"],
  ["apps", "kubernetes-models"],
  ["batch", "kubernetes-models"],
  ["policy", "kubernetes-models"],
  ["autoscaling", "kubernetes-models"],
  ["networking.k8s.io", "kubernetes-models"],
  ["rbac.authorization.k8s.io", "kubernetes-models"],
  ["monitoring.coreos.com", "@kubernetes-models/prometheus-operator"],
  ["keda.sh", "@kubernetes-models/keda"],
]);

async function modelFor(apiVersion, kind) {
  const slash = apiVersion.lastIndexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const pkg = GROUPS.get(group);
  if (!pkg) {
    throw new Error(`no schema for apiVersion ${apiVersion} (known groups: ${[...GROUPS.keys()].map((g) => g || "core").join(", ")})`);
  }
  let module;
  try {
    module = await import(group ? `${pkg}/${group}/${version}` : `${pkg}/${version}`);
  } catch (e) {
    throw new Error(`no schema for apiVersion ${apiVersion}`);
  }
  const model = module[kind];
  if (typeof model !== "function") {
    throw new Error(`no schema for kind ${kind} in ${apiVersion}`);
  }
  return model;
}

function describe(errors) {
  return (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
}

async function validateDocument(doc) {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    return ["not a Kubernetes object (a YAML mapping is expected)"];
  }
  const problems = [];
  if (typeof doc.apiVersion !== "string" || typeof doc.kind !== "string") {
    return ["apiVersion and kind are required"];
  }
  if (typeof doc.metadata?.name !== "string" || doc.metadata.name === "") {
    problems.push("metadata.name is required");
  }
  let Model;
  try {
    Model = await modelFor(doc.apiVersion, doc.kind);
  } catch (e) {
    return [...problems, e.message];
  }
  try {
    new Model(doc).validate();
  } catch (e) {
    problems.push(e.errors ? describe(e.errors) : e.message);
  }
  return problems;
}

let failures = 0;
let documents = 0;
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE.yaml...");
  process.exit(2);
}
for (const file of files) {
  let parsed;
  try {
    parsed = parseAllDocuments(readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`${file}: cannot read: ${e.message}`);
    failures++;
    continue;
  }
  let index = 0;
  for (const yamlDoc of parsed) {
    index++;
    if (yamlDoc.errors.length > 0) {
      console.error(`${file} document ${index}: invalid YAML: ${yamlDoc.errors.map((e) => e.message).join("; ")}`);
      failures++;
      continue;
    }
    const doc = yamlDoc.toJS();
    if (doc === null) {
      continue; // an empty document (a trailing ---)
    }
    documents++;
    const where = `${file} document ${index} (${doc?.kind ?? "?"} ${doc?.metadata?.name ?? "?"})`;
    const problems = await validateDocument(doc);
    if (problems.length > 0) {
      failures++;
      console.error(`${where}: ${problems.join("; ")}`);
    } else {
      console.log(`  ok ${where}`);
    }
  }
}
if (failures > 0) {
  console.error(`kubernetes schema validation: ${failures} invalid of ${documents} documents`);
  process.exit(1);
}
console.log(`kubernetes schema validation: ${documents} documents valid`);
