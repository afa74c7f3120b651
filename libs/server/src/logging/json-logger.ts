import { LOG_LEVELS } from './log-level';
import type { LogLevel } from './log-level';

/** Extra structured data on a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A structured logger: one JSON object per line. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line it writes (its own fields win over the parent's). */
  child(fields: LogFields): Logger;
  isLevelEnabled(level: LogLevel): boolean;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Receives each line, newline included; stdout by default. */
  write: (line: string) => void;
  /** Clock for the `time` field. */
  now: () => Date;
  /** Fields bound to every line. */
  fields: LogFields;
}

/** Defaults: level info, lines to stdout, the system clock. */
export function defaultLoggerOptions(): LoggerOptions {
  return { level: 'info', write: (line) => process.stdout.write(line), now: () => new Date(), fields: {} };
}

const RESERVED_KEYS = new Set(['time', 'level', 'msg']);

/**
 * Creates a JSON-lines logger. Small on purpose: the platform needs levels, bound fields and one
 * object per line, not transports, so a dependency such as pino would add weight to every bundle.
 *
 * @example
 * const logger = createLogger({ level: 'debug' }).child({ component: 'ingest' });
 * logger.info('segment sealed', { segmentId, rows: 1200 });
 * // {"time":"…","level":"info","msg":"segment sealed","component":"ingest","segmentId":"…","rows":1200}
 */
export function createLogger(options: Partial<LoggerOptions> = {}): Logger {
  const resolved = { ...defaultLoggerOptions(), ...options };
  const threshold = LOG_LEVELS.indexOf(resolved.level);

  const log = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const record: Record<string, unknown> = { time: resolved.now().toISOString(), level, msg };
    for (const [key, value] of Object.entries({ ...resolved.fields, ...fields })) {
      // A field may not overwrite the envelope; it is kept under a prefixed name instead.
      record[RESERVED_KEYS.has(key) ? `field.${key}` : key] = value;
    }
    resolved.write(`${serialize(record)}\n`);
  };

  return {
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
    child: (fields) => createLogger({ ...resolved, fields: { ...resolved.fields, ...fields } }),
    isLevelEnabled: (level) => LOG_LEVELS.indexOf(level) >= threshold,
  };
}

function serialize(record: Record<string, unknown>): string {
  try {
    return JSON.stringify(record, replaceValue);
  } catch (error) {
    // A circular field must not lose the line: keep the envelope and say why the rest is missing.
    const { time, level, msg } = record;
    return JSON.stringify({ time, level, msg, logError: `fields not serializable: ${String(error)}` });
  }
}

function replaceValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) {
    const cause = value.cause === undefined ? {} : { cause: value.cause };
    return { name: value.name, message: value.message, stack: value.stack, ...cause };
  }
  return value;
}
