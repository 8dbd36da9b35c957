import { Duration, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';

/*
 * The helpers every check uses: `fail` (the message format), the generic checks (route path, methods,
 * durations) and small name helpers. The checks themselves live with their concept; the CloudFormation
 * limits are in `cfn-limits.ts`, the service quotas in `quotas.ts`.
 */

/** Throws a plain `Error` whose message starts with the construct's name and the prop. */
export function fail(prop: string, message: string): never {
  throw new Error(`CognitoProtectedHttpApi: ${prop}: ${message}`);
}

const STATIC_SEGMENT = /^[A-Za-z0-9\-._~:@!$&'()*,;=]+$/;
const PARAMETER_SEGMENT = /^\{[A-Za-z0-9_\-.]+\}$/;
const GREEDY_SEGMENT = /^\{[A-Za-z0-9_\-.]+\+\}$/;

/** Checks a route path as API Gateway HTTP APIs accept it. */
export function validateRoutePath(prop: string, path: string): void {
  if (Token.isUnresolved(path)) {
    return;
  }
  if (!path.startsWith('/')) {
    fail(prop, `"${path}" must start with "/" (write "/${path}").`);
  }
  if (path === '/') {
    return;
  }
  if (path.endsWith('/')) {
    fail(prop, `"${path}" must not end with "/" (write "${path.replace(/\/+$/, '')}").`);
  }
  const segments = path.slice(1).split('/');
  segments.forEach((segment, index) => {
    if (segment === '') {
      fail(prop, `"${path}" has an empty segment ("//"); remove the extra "/".`);
    }
    if (GREEDY_SEGMENT.test(segment)) {
      if (index !== segments.length - 1) {
        fail(prop, `"${path}" has the greedy parameter "${segment}" before the last segment; a greedy "{name+}" may only be the last segment.`);
      }
      return;
    }
    if (!PARAMETER_SEGMENT.test(segment) && !STATIC_SEGMENT.test(segment)) {
      fail(prop, `"${path}" has an invalid segment "${segment}": use letters, digits and -._~ or a parameter "{name}".`);
    }
  });
}

/** Checks a route's method list: not empty, no duplicates. */
export function validateMethods(prop: string, methods: apigwv2.HttpMethod[]): void {
  if (methods.length === 0) {
    fail(prop, 'is empty; give at least one method, e.g. [HttpMethod.GET], or leave it out for GET.');
  }
  const seen = new Set<string>();
  for (const method of methods) {
    if (seen.has(method)) {
      fail(prop, `lists ${method} twice; list each method once.`);
    }
    seen.add(method);
  }
}

/** Checks that a duration lies within Cognito's range for a token validity. */
export function validateDuration(prop: string, value: Duration | undefined, min: Duration, max: Duration, who = 'Cognito'): void {
  if (value === undefined || Token.isUnresolved(value.toMilliseconds())) {
    return;
  }
  const millis = value.toMilliseconds();
  if (millis < min.toMilliseconds() || millis > max.toMilliseconds()) {
    fail(prop, `is ${value.toHumanString()}; ${who} accepts ${min.toHumanString()} to ${max.toHumanString()}.`);
  }
}

const UNIT_MILLIS = { minutes: 60_000, days: 86_400_000 } as const;

/**
 * Checks that a duration is a whole number of the unit the template holds it in (CloudFormation's
 * integer properties): aws-cdk-lib would otherwise fail with a message that names no prop.
 */
export function validateWhole(prop: string, value: Duration | undefined, unit: keyof typeof UNIT_MILLIS): void {
  if (value === undefined || Token.isUnresolved(value.toMilliseconds({ integral: false }))) {
    return;
  }
  const millis = value.toMilliseconds({ integral: false });
  if (millis % UNIT_MILLIS[unit] !== 0) {
    fail(prop, `is ${value.toHumanString()}; CloudFormation takes it in whole ${unit}, e.g. Duration.${unit}(${Math.max(1, Math.round(millis / UNIT_MILLIS[unit]))}).`);
  }
}

/** Returns the names of the props that are set (not undefined), in the order given. */
export function propsThatAreSet(props: object, names: string[]): string[] {
  return names.filter((name) => (props as Record<string, unknown>)[name] !== undefined);
}

/**
 * Fails when any of `names` is set although `because` makes it meaningless:
 * "<prop>: <because>, so a, b would configure nothing; remove them, or <otherwise>."
 */
export function rejectUnused(props: object, names: string[], prop: string, because: string, otherwise: string): void {
  const unused = propsThatAreSet(props, names);
  if (unused.length > 0) {
    fail(prop, `${because}, so ${unused.join(', ')} would configure nothing; remove ${unused.length > 1 ? 'them' : 'it'}, or ${otherwise}.`);
  }
}

/** Whether a (resolved) string is an https URL with a host. */
export function isHttpsUrl(url: string): boolean {
  return /^https:\/\/[^\s/]+/.test(url);
}

export const OWNER = 'CognitoProtectedHttpApi';

/** Cognito's range for an access or ID token's validity (a refresh token's is wider). */
export const ACCESS_AND_ID_TOKEN_VALIDITY_MIN = Duration.minutes(5);

export const ACCESS_AND_ID_TOKEN_VALIDITY_MAX = Duration.days(1);

/** The letters and digits of a name: what its construct id keeps. */
export function alphanumeric(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '');
}

/** Checks each name and that none repeats. */
export function unique(prop: string, names: string[], check: (name: string, index: number) => void): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    check(name, index);
    if (seen.has(name)) {
      fail(`${prop}[${index}].name`, `"${name}" is declared twice; declare each once.`);
    }
    seen.add(name);
  });
}
