/**
 * A custom OAuth scope of the API, served by the pool's resource server. Tokens carry it as
 * `<resourceServerIdentifier>/<name>`, and routes require it by that full name.
 */
export interface ApiScope {
  /**
   * The scope's name, e.g. `items.read`.
   */
  readonly name: string;

  /**
   * What the scope allows.
   *
   * @default - the name
   */
  readonly description?: string;
}
