import { sealerPass, type SealerDeps, type SealerOptions, type SealerSummary } from '../sealer/sealer-pass';

/** The part of an EventBridge scheduled event the handler looks at. */
export interface ScheduledEvent {
  'detail-type'?: string;
  time?: string;
}

/**
 * A Lambda handler for EventBridge scheduled events (`rate(1 minute)`): one sealer pass per
 * invocation. `deps` is resolved once per cold start and reused by warm invocations.
 *
 * @example export const handler = scheduledSealerHandler(() => buildSealerDeps(process.env));
 */
export function scheduledSealerHandler(
  deps: () => Promise<SealerDeps> | SealerDeps,
  options: Partial<SealerOptions> = {},
  log: (line: Record<string, unknown>) => void = (line) => console.log(JSON.stringify(line)),
): (event: ScheduledEvent) => Promise<SealerSummary> {
  let resolved: Promise<SealerDeps> | undefined;
  return async (event) => {
    resolved ??= Promise.resolve(deps()).catch((error: unknown) => {
      resolved = undefined; // a failed cold start is retried on the next invocation
      throw error;
    });
    const summary = await sealerPass(await resolved, options, (progress) => {
      if (progress.item !== undefined)
        log({ msg: 'seal progress', done: progress.done, total: progress.total, segment: progress.item, outcome: progress.outcome });
    });
    log({ msg: 'seal pass done', scheduledAt: event.time, sealed: summary.sealed.length, busy: summary.busy.length, failed: summary.failed.length });
    return summary;
  };
}
