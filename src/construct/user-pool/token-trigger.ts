import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';
import { bundledFunctionProps } from '../functions/bundled-function';
import { fail } from '../validation/check-helpers';
import { environmentBytes, LAMBDA_ENVIRONMENT_BYTES } from '../validation/quotas';

/**
 * The pool's one pre-token-generation trigger, made when first needed: version 2 for group scopes
 * only (the group-scopes function), version 3 when machine clients have claims or the props give
 * `preTokenGeneration` (a function that also adds those claims and invokes the user's). Needs the
 * construct's pool on a plan with access-token customization; a version-2 trigger cannot become
 * version 3 afterwards. Its construct ids are the construct's (`scope`'s) children.
 */
export class PoolTokenTrigger {
  private made?: { readonly fn: lambda.Function; readonly v3: boolean };
  /** The static claims of each machine client, by its name. */
  private readonly machineClaims = new Map<string, Record<string, string>>();

  constructor(
    private readonly scope: Construct,
    private readonly props: CognitoProtectedHttpApiProps,
    private readonly pool: cognito.UserPool | undefined,
    /** Runs once the function exists (monitoring it). */
    private readonly onCreated: (fn: lambda.IFunction) => void,
  ) {}

  /** The trigger's function, once made. */
  get fn(): lambda.IFunction | undefined {
    return this.made?.fn;
  }

  /** The trigger, at version 3 if `v3`; `prop` names what needs it in the errors. */
  ensure(prop: string, v3: boolean): void {
    if (this.made) {
      if (v3 && !this.made.v3) {
        fail(prop, 'needs the pool\'s pre-token-generation trigger at event version 3, but group routes already added its version-2 trigger; '
          + 'declare machine clients with claims in machineClients (or add them before the group routes).');
      }
      return;
    }
    if (!this.pool) {
      if (!v3) {
        fail(prop, 'RouteAuthorization.inGroups() needs the pool created by the construct (it adds a pre-token-generation trigger); with an existing userPool, add a trigger that puts "group:<name>" scopes into access tokens and use RouteAuthorization.signedIn({ scopes }).');
      }
      fail(prop, 'needs the pool created by the construct (it adds the pool\'s pre-token-generation trigger); with an existing userPool, add the claims in that pool\'s own trigger.');
    }
    if (this.props.featurePlan === cognito.FeaturePlan.LITE) {
      if (!v3) {
        fail(prop, 'RouteAuthorization.inGroups() needs access-token customization, which the LITE feature plan lacks; use FeaturePlan.ESSENTIALS (the default) or PLUS.');
      }
      fail(prop, 'needs access-token customization for the client-credentials grant (pre-token-generation event version 3), which the LITE feature plan lacks; '
        + 'use featurePlan: FeaturePlan.ESSENTIALS (the default) or PLUS.');
    }
    const fn = v3 ? this.createV3() : new lambda.Function(this.scope, 'GroupScopesTrigger',
      bundledFunctionProps(this.scope, 'GroupScopesTrigger', 'group-scopes.lambda', 'cdk-cognito-protected-http-api pre-token-generation trigger (group scopes)', this.props));
    this.pool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn, v3 ? cognito.LambdaVersion.V3_0 : cognito.LambdaVersion.V2_0);
    this.made = { fn, v3 };
    this.onCreated(fn);
  }

  /** A machine client's static claims, put into its access tokens by the version-3 trigger. */
  addMachineClaims(prop: string, clientName: string, claims: Record<string, string>): void {
    this.ensure(prop, true);
    this.allowListingClients();
    this.machineClaims.set(clientName, { ...claims });
  }

  /** The version-3 trigger: group scopes, machine clients' claims (by client name) and the user's `preTokenGeneration` function, which it invokes. */
  private createV3(): lambda.Function {
    const id = 'PreTokenGenerationTrigger';
    const fnProps = bundledFunctionProps(this.scope, id, 'pre-token-generation.lambda',
      'cdk-cognito-protected-http-api pre-token-generation trigger (group scopes, machine client claims)', this.props, { timeout: Duration.seconds(5) });
    const claims = () => Object.fromEntries(this.machineClaims);
    const fn = new lambda.Function(this.scope, id, {
      ...fnProps,
      environment: {
        MACHINE_CLIENT_CLAIMS: Lazy.string({ produce: () => Stack.of(this.scope).toJsonString(claims()) }),
        ...(this.props.preTokenGeneration ? { PRE_TOKEN_GENERATION_FUNCTION: this.props.preTokenGeneration.functionArn } : {}),
      },
    });
    this.props.preTokenGeneration?.grantInvoke(fn);
    fn.node.addValidation({
      validate: () => {
        const bytes = environmentBytes({ MACHINE_CLIENT_CLAIMS: JSON.stringify(claims()) });
        return bytes <= LAMBDA_ENVIRONMENT_BYTES ? [] : [
          `CognitoProtectedHttpApi: machineClients: the machine clients' claims (${this.machineClaims.size} clients, about ${bytes} bytes) pass Lambda's limit of `
          + `${LAMBDA_ENVIRONMENT_BYTES} bytes of environment variables of the pre-token-generation trigger; give fewer or shorter claims.`,
        ];
      },
    });
    return fn;
  }

  /**
   * The version-3 trigger may list the pool's clients (ids and names) once a machine client has
   * claims: a policy of its own, which the function does not wait for, since the pool waits for the function.
   */
  private allowListingClients(): void {
    if (this.scope.node.tryFindChild('PreTokenGenerationTriggerClientsPolicy')) return;
    new iam.Policy(this.scope, 'PreTokenGenerationTriggerClientsPolicy', {
      roles: [this.made!.fn.role!],
      statements: [new iam.PolicyStatement({ actions: ['cognito-idp:ListUserPoolClients'], resources: [this.pool!.userPoolArn] })],
    });
  }
}
