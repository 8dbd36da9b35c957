import * as fs from 'fs';
import * as path from 'path';

/**
 * Prints the routes of every template in a cloud assembly: method, path and who may call it.
 * Usage: ts-node test/example/print-routes.ts cdk.out
 */
const outdir = process.argv[2] ?? 'cdk.out';
const templates = fs.readdirSync(outdir).filter((file) => file.endsWith('.template.json'));

for (const file of templates) {
  const resources: Record<string, { Type: string; Properties: Record<string, any> }> =
    JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf-8')).Resources ?? {};
  const rows = Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route')
    .map(({ Properties: route }) => {
      const [method, routePath] = String(route.RouteKey).split(' ');
      const scopes: string[] = route.AuthorizationScopes ?? [];
      const groups = scopes.filter((scope) => scope.startsWith('group:')).map((scope) => scope.slice('group:'.length));
      const needs = groups.length ? `, groups: ${groups.join(' ')}` : scopes.length ? `, scopes: ${scopes.join(' ')}` : '';
      const authorization = route.AuthorizationType === 'JWT'
        ? `signed-in (JWT${needs})`
        : route.AuthorizationType === 'NONE' ? 'public'
          : route.AuthorizationType === 'CUSTOM' ? 'signed-in (Lambda authorizer)' : route.AuthorizationType;
      return [method, routePath, authorization];
    })
    .sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));

  const table = [['METHOD', 'PATH', 'AUTHORIZATION'], ...rows];
  const widths = [0, 1].map((column) => Math.max(...table.map((row) => row[column].length)));
  console.log(`${file.replace('.template.json', '')}: ${rows.length} route(s)`);
  for (const row of table) {
    console.log(`  ${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`);
  }
}
