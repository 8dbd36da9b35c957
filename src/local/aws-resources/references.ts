import { TemplateResource } from '../assembly';

/** The logical ids a resource's properties refer to (`Ref`, `Fn::GetAtt`, `${X}` / `${X.Attr}` in `Fn::Sub`). */
export function referencedIds(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((item) => referencedIds(item, found));
  } else if (value && typeof value === 'object') {
    for (const [key, argument] of Object.entries(value)) {
      if (key === 'Ref' && typeof argument === 'string' && !argument.startsWith('AWS::')) {found.add(argument);} else if (key === 'Fn::GetAtt') {found.add(typeof argument === 'string' ? argument.split('.')[0] : String((argument as unknown[])[0]));} else if (key === 'Fn::Sub') {
        const template = typeof argument === 'string' ? argument : (argument as unknown[])[0];
        for (const match of String(template).matchAll(/\$\{([^!}][^}.]*)(?:\.[^}]*)?\}/g)) {
          if (!match[1].startsWith('AWS::')) found.add(match[1]);
        }
        if (Array.isArray(argument)) referencedIds(argument[1], found);
      } else {referencedIds(argument, found);}
    }
  }
  return found;
}

/**
 * `entries` ordered so that each comes after the entries it refers to or `DependsOn` (CloudFormation's
 * creation order, among the resources the runner creates). Cycles keep the template's order.
 */
export function creationOrder(entries: ReadonlyArray<[string, TemplateResource]>): Array<[string, TemplateResource]> {
  const byId = new Map(entries);
  const ordered: Array<[string, TemplateResource]> = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string) => {
    if (state.has(id)) return;
    state.set(id, 'visiting');
    const resource = byId.get(id)!;
    const dependsOn = resource.DependsOn === undefined ? [] : Array.isArray(resource.DependsOn) ? resource.DependsOn : [resource.DependsOn];
    for (const other of [...referencedIds(resource.Properties), ...dependsOn]) {
      if (byId.has(other) && other !== id) visit(other);
    }
    state.set(id, 'done');
    ordered.push([id, resource]);
  };
  for (const [id] of entries) visit(id);
  return ordered;
}

/** A deterministic physical name as CloudFormation makes one: `<stack>-<logical id>-<suffix>`, within `max`. */
export function physicalName(stackName: string, logicalId: string, max: number, options: { lowerCase?: boolean; suffix?: string } = {}): string {
  let hash = 0;
  for (const char of `${stackName}/${logicalId}`) hash = (hash * 31 + char.charCodeAt(0)) % 2_147_483_647;
  const suffix = hash.toString(36).toUpperCase().padStart(7, '0').slice(0, 7) + (options.suffix ?? '');
  const room = max - suffix.length - 2;
  let name = `${stackName.slice(0, Math.ceil(room / 2))}-${logicalId}`.slice(0, room) + `-${suffix}`;
  if (options.lowerCase) name = name.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  return name;
}
