import { FrontCall } from './call';

/**
 * Called once moto holds a user's new password (ConfirmForgotPassword): the spot where the front
 * keeps what it derives from passwords (e.g. an SRP verifier). Nothing yet.
 */
export async function afterPasswordSet(_call: FrontCall, _username: string, _password: string): Promise<void> {
}
