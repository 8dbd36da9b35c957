import { AwsClient } from './aws-client';
import { ResolvedResource } from '../intrinsics';

/** What a service's provisioner gets: the emulator's client, names, and where to say what it skipped. */
export interface ProvisionScope {
  readonly client: AwsClient;
  readonly stackName: string;
  readonly region: string;
  readonly account: string;
  /** What the template asks for that is not emulated (start-up notes). */
  readonly notes: string[];
}

/** Creates one resource from its properties (intrinsics resolved) and answers its `Ref` and attributes. */
export type Provisioner = (logicalId: string, properties: Record<string, any>, scope: ProvisionScope) => Promise<ResolvedResource>;

/** Drops `undefined` values (the JSON body of an API call). */
export function defined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
