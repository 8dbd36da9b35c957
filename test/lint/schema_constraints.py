"""Prints, as JSON, the constraints (lengths, patterns, enums, ranges) of every property, nested ones
included, of the given CloudFormation resource types, from the resource schemas cfn-lint ships.

Usage: schema_constraints.py AWS::Cognito::UserPool AWS::ApiGatewayV2::Api ...
Output: {"AWS::Cognito::UserPool": {"Policies.PasswordPolicy.MinimumLength": {"minimum": 6, ...}, ...}, ...}
"""
import json
import os
import sys

import cfnlint.data.schemas.providers.us_east_1 as provider

RESOURCES = os.path.join(os.path.dirname(provider.__file__), '..', 'resources')
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
    with open(os.path.join(RESOURCES, provider.types[resource_type] + '.json'), encoding='utf-8') as f:
        schema = json.load(f)
    constraints = {}
    walk(schema, {'properties': schema['properties']}, '', constraints, frozenset())
    result[resource_type] = constraints
json.dump(result, sys.stdout, indent=1, sort_keys=True)
