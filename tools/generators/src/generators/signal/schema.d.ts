/** Options of the `signal` generator, as typed on the command line (see schema.json). */
export interface SignalGeneratorSchema {
  name: string;
  signalType?: string;
  dataset?: string;
  otlpPath?: string;
  skipFormat?: boolean;
}
