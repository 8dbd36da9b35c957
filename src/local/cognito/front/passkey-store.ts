/** A passkey registered through the front (CompleteWebAuthnRegistration). */
export interface StoredPasskey {
  /** The credential id (base64url). */
  readonly id: string;
  readonly publicKey: Uint8Array;
  /** The signature counter, raised by each sign-in (a lower one is a cloned authenticator). */
  counter: number;
  readonly transports: readonly string[];
  readonly attachment?: string;
  readonly relyingPartyId: string;
  /** Epoch seconds, as Cognito's `CreatedAt`. */
  readonly createdAt: number;
}

/** A WebAuthn ceremony the front started and has not yet seen completed: its challenge and relying party. */
export interface PasskeyChallenge {
  readonly challenge: string;
  readonly relyingPartyId: string;
  readonly expiresAt: number;
}

/** The users' passkeys and the open ceremonies, by `${userPoolId}/${username}` (registration) or `Session` (sign-in). */
export class PasskeyStore {
  private readonly credentials = new Map<string, StoredPasskey[]>();
  /** StartWebAuthnRegistration's challenges, by user. */
  readonly registrations = new Map<string, PasskeyChallenge>();
  /** The WEB_AUTHN challenges of USER_AUTH sessions, by `Session`. */
  readonly signIns = new Map<string, PasskeyChallenge>();

  of(userPoolId: string, username: string): StoredPasskey[] {
    return this.credentials.get(`${userPoolId}/${username}`) ?? [];
  }

  add(userPoolId: string, username: string, passkey: StoredPasskey): void {
    this.credentials.set(`${userPoolId}/${username}`, [...this.of(userPoolId, username).filter((p) => p.id !== passkey.id), passkey]);
  }

  /** Removes one; false when the user has no passkey with that id. */
  delete(userPoolId: string, username: string, id: string): boolean {
    const list = this.of(userPoolId, username);
    if (!list.some((p) => p.id === id)) return false;
    this.credentials.set(`${userPoolId}/${username}`, list.filter((p) => p.id !== id));
    return true;
  }
}
