"""Prints, as JSON, the constraints (lengths, patterns, enums, ranges) of every property, nested ones
included, of the given CloudFormation resource types, from the resource schemas the pinned cfn-lint ships (us-east-1).

Usage: schema_constraints.py AWS::Cognito::UserPool AWS::ApiGatewayV2::Api ...
Output: {"AWS::Cognito::UserPool": {"Policies.PasswordPolicy.MinimumLength": {"minimum": 6, ...}, ...}, ...}
"""
import json
import os
import sys

import cfnlint

SCHEMAS = os.path.join(os.path.dirname(cfnlint.__file__), 'data', 'schemas')
RESOURCES = os.path.join(SCHEMAS, 'resources')
with open(os.path.join(SCHEMAS, 'providers', 'us-east-1.json'), encoding='utf-8') as f:
    TYPES = json.load(f)
KEYS = ('minLength', 'maxLength', 'pattern', 'enum', 'minimum', 'maximum', 'minItems', 'maxItems')


def walk(schema, node, path, out, seen):
    if '$ref' in node:
        ref = node['$ref']
        if ref in seen:
            return
        name = ref.split('/')[-1]
        walk(schema, schema.get('definitions', {}).get(name, {}), path, out, seen | {ref})
        return
    found = {k: node[k] for k in KEYS if k in node}
    if found and path:
        out[path] = found
    for key in ('anyOf', 'oneOf', 'allOf'):
        for sub in node.get(key, []):
            walk(schema, sub, path, out, seen)
    for name, child in node.get('properties', {}).items():
        walk(schema, child, f'{path}.{name}' if path else name, out, seen)
    if 'items' in node:
        walk(schema, node['items'], f'{path}[]', out, seen)


result = {}
for resource_type in sys.argv[1:]:
    with open(os.path.join(RESOURCES, TYPES[resource_type] + '.json'), encoding='utf-8') as f:
        schema = json.load(f)
    constraints = {}
    walk(schema, {'properties': schema['properties']}, '', constraints, frozenset())
    result[resource_type] = constraints
json.dump(result, sys.stdout, indent=1, sort_keys=True)
