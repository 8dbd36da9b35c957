/**
 * What the front knows that moto does not, kept for the runner's whole life (across --watch
 * reloads): filled by the operations that need it.
 */
export class FrontState {
}
