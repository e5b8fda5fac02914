#!/usr/bin/env python3
"""Cuts the operations the worker calls out of a forge's published API description (OpenAPI 3 or
Swagger 2.0) into one self-contained document the tests read: for each operation its method, its
path template, its query parameters (as JSON Schemas) and its request body's JSON Schema (draft
2020-12), with every schema the body references under $defs. Run by hand when a description is
re-vendored; the build reads only its output. The rewrites are mechanical: "#/components/schemas/X"
and "#/definitions/X" become "#/$defs/X", `nullable: true` a "null" member of `type`, vendor
extensions (x-...) and descriptions dropped, parameters given by $ref resolved, a Swagger body
parameter's schema taken as the request body.

usage: vendor_forges.py <description.json> <out.json> <source note> <METHOD path> [<METHOD path>...]
"""
import json
import re
import sys


def main():
    src, out, note, wanted = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    doc = json.load(open(src, encoding="utf-8-sig"))
    openapi3 = "openapi" in doc
    schemas = doc["components"]["schemas"] if openapi3 else doc.get("definitions", {})
    prefix = "#/components/schemas/" if openapi3 else "#/definitions/"

    def resolve_param(p):
        while "$ref" in p:
            parts = p["$ref"].lstrip("#/").split("/")
            node = doc
            for part in parts:
                node = node[part]
            p = node
        return p

    def rewrite(node, names=False):
        """names: node is a map of property names to schemas, whose keys all stay."""
        if isinstance(node, dict):
            node = {k: rewrite(v, k == "properties" and not names) for k, v in node.items()
                    if names or (not k.startswith("x-") and k not in ("description", "example", "examples"))}
            if isinstance(node.get("$ref"), str) and node["$ref"].startswith(prefix):
                node["$ref"] = "#/$defs/" + node["$ref"][len(prefix):]
            if node.pop("nullable", False) is True:
                t = node.get("type")
                if isinstance(t, str):
                    node["type"] = [t, "null"]
                elif "type" not in node:
                    node = {"anyOf": [node, {"type": "null"}]}
            return node
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    def refs(node, acc):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "$ref" and isinstance(v, str) and v.startswith(prefix):
                    acc.add(v[len(prefix):])
                else:
                    refs(v, acc)
        elif isinstance(node, list):
            for v in node:
                refs(v, acc)

    operations, defs, roots = [], {}, set()
    for item in wanted:
        method, path = item.split(" ", 1)
        op = doc["paths"][path][method.lower()]
        params = [resolve_param(p) for p in doc["paths"][path].get("parameters", []) + op.get("parameters", [])]
        query, body = {}, None
        for p in params:
            if p.get("in") == "query":
                schema = p.get("schema") or {k: v for k, v in p.items() if k in ("type", "enum", "items", "format")}
                query[p["name"]] = rewrite(schema)
            elif p.get("in") == "body":
                body = p["schema"]
        if openapi3 and "requestBody" in op:
            body = op["requestBody"]["content"]["application/json"]["schema"]
        entry = {"method": method, "path": path, "operationId": op.get("operationId"), "query": query}
        if body is not None:
            name = re.sub(r"[^A-Za-z0-9]+", "_", op.get("operationId", method + " " + path)) + "_request"
            defs[name] = rewrite(body)
            refs(body, roots)
            entry["body"] = "#/$defs/" + name
        operations.append(entry)
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        acc = set()
        refs(schemas[name], acc)
        todo.extend(acc - seen)
    defs.update({name: rewrite(schemas[name]) for name in sorted(seen)})
    result = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$comment": note,
              "operations": operations, "$defs": defs}
    json.dump(result, open(out, "w"), indent=1)
    print(out, len(operations), "operations", len(defs), "schemas")


if __name__ == "__main__":
    main()
