/**
 * A Cognito group of the user pool, for routes declared with `RouteAuthorization.inGroups([...])`.
 */
export interface UserPoolGroupOptions {
  /**
   * The group's name (1 to 128 characters, no whitespace).
   */
  readonly name: string;

  /**
   * What the group is for.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * Which group's role wins when a user is in several (lower wins).
   *
   * @default - none
   */
  readonly precedence?: number;
}
