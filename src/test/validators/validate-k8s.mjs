// Validates every document of a rendered manifest against the Kubernetes OpenAPI schemas
// (kubernetes-models). Usage: node validate-k8s.mjs FILE; exit 1 when any document is invalid.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let failed = 0;
let count = 0;
for (const parsed of parseAllDocuments(readFileSync(process.argv[2], "utf8"))) {
  const doc = parsed.toJS();
  if (!doc) continue;
  count++;
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : [null, doc.apiVersion];
  try {
    const module = await import(`kubernetes-models/${group ? group + "/" : ""}${version}/${doc.kind}`);
    new module[doc.kind](doc).validate();
    console.log(`ok   ${doc.kind}/${doc.metadata?.name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${doc.kind}/${doc.metadata?.name}: ${String(e.message).split("\n").slice(0, 3).join(" ")}`);
  }
}
console.log(`${count - failed} valid, ${failed} invalid`);
process.exit(failed || count === 0 ? 1 : 0);
