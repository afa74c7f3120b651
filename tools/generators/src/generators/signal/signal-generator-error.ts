/** A `signal` generator run refused before it wrote anything: bad options or a name in use. */
export class SignalGeneratorError extends Error {
  override readonly name = 'SignalGeneratorError';
}
