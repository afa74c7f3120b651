// Entry of the worker-thread bundle the encoder tests build: the handler an app exports, plus one
// that kills its thread on a marked job, to play a worker dying mid-request.
import { registeredSignals } from '@prism/signal-registry';
import { encodeJobsWith, type EncodeJob, type EncodeOutcome } from '../core/request-encoding';

export const encodeIngestRequest = encodeJobsWith(registeredSignals());

export const DYING_CONTENT_TYPE = 'application/x-die';

export function encodeOrDie(job: EncodeJob): EncodeOutcome {
  if (job.contentType === DYING_CONTENT_TYPE) process.exit(1);
  return encodeIngestRequest(job);
}
