import type { PassProgress, ProgressListener } from '../jobs/pass-progress';

/** Where progress goes: a terminal gets a redrawn bar, anything else one plain line per step. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const BAR_WIDTH = 30;

/** A bar line: `seal [██████░░░░…] 12/40 acme/spans/… sealed`. */
export function formatProgressBar(progress: PassProgress): string {
  const fraction = progress.total === 0 ? 1 : progress.done / progress.total;
  const filled = Math.round(fraction * BAR_WIDTH);
  const item = progress.item === undefined ? '' : ` ${progress.item}${progress.outcome === undefined ? '' : ` ${progress.outcome}`}`;
  return `${progress.pass} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${progress.done}/${progress.total}${item}`;
}

/** A progress listener drawing on `output`: a bar redrawn in place on a TTY, plain lines otherwise. */
export function progressPrinter(output: ProgressOutput): ProgressListener {
  return (progress) => {
    if (output.isTTY === true) {
      output.write(`\r\x1b[2K${formatProgressBar(progress)}${progress.done === progress.total ? '\n' : ''}`);
    } else if (progress.item !== undefined) {
      output.write(`${progress.pass} ${progress.done}/${progress.total} ${progress.item} ${progress.outcome ?? ''}`.trimEnd() + '\n');
    } else {
      output.write(`${progress.pass}: ${progress.total} to do\n`);
    }
  };
}
