#!/usr/bin/env python3
"""Cuts the request and reply schemas the worker uses out of a provider's published OpenAPI
description into a self-contained JSON Schema (draft 2020-12) document: the named roots and every
schema they reference, under $defs. Run by hand when a description is re-vendored; the tests read
only its output. Two rewrites, both mechanical: "#/components/schemas/X" (or "#/definitions/X")
becomes "#/$defs/X", and OpenAPI 3.0's `nullable: true` becomes a "null" member of `type` (JSON
Schema has no `nullable`, so a validator would otherwise reject every null the spec allows).

usage: vendor.py <openapi.json> <out.json> <source note> <root> [<root>...]
"""
import json
import sys


def main():
    src, out, note, roots = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    doc = json.load(open(src))
    schemas = doc.get("components", {}).get("schemas") or doc.get("definitions")
    prefix = "#/components/schemas/" if "components" in doc else "#/definitions/"

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

    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        acc = set()
        refs(schemas[name], acc)
        todo.extend(acc - seen)

    def rewrite(node):
        if isinstance(node, dict):
            node = {k: rewrite(v) for k, v in node.items() if not k.startswith("x-")}
            if isinstance(node.get("$ref"), str) and node["$ref"].startswith(prefix):
                node["$ref"] = "#/$defs/" + node["$ref"][len(prefix):]
            if node.pop("nullable", False) is True:
                t = node.get("type")
                if isinstance(t, str):
                    node["type"] = [t, "null"]
                elif isinstance(t, list) and "null" not in t:
                    node["type"] = t + ["null"]
                elif "type" not in node:
                    node = {"anyOf": [node, {"type": "null"}]}
            return node
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    result = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": note,
        "$defs": {name: rewrite(schemas[name]) for name in sorted(seen)},
    }
    json.dump(result, open(out, "w"), indent=1, sort_keys=False)
    print(out, len(seen), "schemas")


if __name__ == "__main__":
    main()
