#!/usr/bin/env python3
"""Turns one operation of an AWS service model (the JSON form the AWS SDKs are generated from)
into a JSON Schema (draft 2020-12) of its JSON body, mechanically: a structure is a closed object
with its required members (members bound to the URI, headers or query string are not in the body),
a union is such an object with exactly one member, a list an array, a map an object of values, a
document any JSON, numbers and booleans their JSON types, everything else a string. Run by hand
when the model is re-vendored; the tests read only its output.

usage: vendor_aws.py <service-model.json> <out.json> <source note> <Operation>
"""
import json
import sys


def main():
    src, out, note, operation = sys.argv[1:5]
    model = json.load(open(src))
    shapes = model["shapes"]
    defs = {}

    def conv(shape):
        if "shape" in shape:
            name = shape["shape"]
            if name not in defs:
                defs[name] = None  # placeholder against cycles
                defs[name] = conv(shapes[name])
            return {"$ref": "#/$defs/" + name}
        kind = shape.get("type", "string")
        if shape.get("document"):
            return {}
        if kind == "structure":
            body = {k: v for k, v in shape.get("members", {}).items() if "location" not in v}
            schema = {"type": "object", "additionalProperties": False,
                      "properties": {k: conv(v) for k, v in body.items()}}
            required = [r for r in shape.get("required", []) if r in body]
            if required:
                schema["required"] = required
            if shape.get("union"):
                schema["minProperties"] = 1
                schema["maxProperties"] = 1
            return schema
        if kind == "list":
            return {"type": "array", "items": conv(shape.get("member", {}))}
        if kind == "map":
            return {"type": "object", "additionalProperties": conv(shape.get("value", {}))}
        if kind in ("integer", "long"):
            return {"type": "integer"}
        if kind in ("float", "double"):
            return {"type": "number"}
        if kind == "boolean":
            return {"type": "boolean"}
        if kind == "timestamp":
            return {"type": ["number", "string"]}
        schema = {"type": "string"}
        if "enum" in shape:
            schema["enum"] = shape["enum"]
        return schema

    op = model["operations"][operation]
    request = conv(op["input"])
    reply = conv(op["output"])
    result = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$comment": note,
              "$defs": dict(sorted(defs.items()), **{operation + "Request": request, operation + "Response": reply})}
    json.dump(result, open(out, "w"), indent=1)
    print(out, len(defs), "shapes")


if __name__ == "__main__":
    main()
