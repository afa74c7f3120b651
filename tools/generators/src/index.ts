export { signalGenerator } from './generators/signal/generator';
export { RESERVED_SIGNAL_NAMES, normalizeSignalOptions, singularOf } from './generators/signal/normalize-options';
export type { NormalizedSignalOptions } from './generators/signal/normalize-options';
export { REGISTERED_SIGNALS_ARRAY, addSignalRegistration } from './generators/signal/register-signal';
export type { RegistrationEdit, SignalRegistration } from './generators/signal/register-signal';
export type { SignalGeneratorSchema } from './generators/signal/schema';
export { SignalGeneratorError } from './generators/signal/signal-generator-error';
