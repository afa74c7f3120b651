import { describe, expect, it } from 'vitest';
import { createLogger } from './json-logger';
import type { LoggerOptions } from './json-logger';

function capture(options: Partial<LoggerOptions> = {}) {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    now: () => new Date('2026-01-02T03:04:05.678Z'),
    write: (line) => lines.push(line),
    ...options,
  });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, msg and fields', () => {
    const { logger, lines } = capture();
    logger.info('listening', { port: 4318, host: '127.0.0.1' });
    expect(lines).toEqual(['{"time":"2026-01-02T03:04:05.678Z","level":"info","msg":"listening","port":4318,"host":"127.0.0.1"}\n']);
  });

  it('drops lines below the configured level', () => {
    const { logger, records } = capture({ level: 'warn' });
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(records().map((record) => record.level)).toEqual(['warn', 'error']);
    expect(logger.isLevelEnabled('info')).toBe(false);
    expect(logger.isLevelEnabled('error')).toBe(true);
  });

  it('binds fields in child loggers, nearest binding and call fields winning', () => {
    const { logger, records } = capture();
    const child = logger.child({ component: 'http', tenant: 'a' }).child({ tenant: 'b' });
    child.info('request', { status: 200 });
    child.info('override', { component: 'ingest' });
    logger.info('parent unchanged');
    expect(records()).toEqual([
      expect.objectContaining({ msg: 'request', component: 'http', tenant: 'b', status: 200 }),
      expect.objectContaining({ msg: 'override', component: 'ingest', tenant: 'b' }),
      { time: '2026-01-02T03:04:05.678Z', level: 'info', msg: 'parent unchanged' },
    ]);
  });

  it('children keep the parent level', () => {
    const { logger, records } = capture({ level: 'error' });
    logger.child({ a: 1 }).warn('hidden');
    expect(records()).toEqual([]);
  });

  it('does not let fields overwrite the envelope', () => {
    const { logger, records } = capture();
    logger.warn('real', { msg: 'fake', level: 'debug', time: 0 });
    expect(records()[0]).toMatchObject({
      level: 'warn',
      msg: 'real',
      time: '2026-01-02T03:04:05.678Z',
      'field.msg': 'fake',
      'field.level': 'debug',
      'field.time': 0,
    });
  });

  it('serializes errors and bigints', () => {
    const { logger, records } = capture();
    logger.error('failed', { error: new RangeError('too big', { cause: 'limit' }), rows: 12n });
    const record = records()[0];
    expect(record.rows).toBe('12');
    expect(record.error).toMatchObject({ name: 'RangeError', message: 'too big', cause: 'limit' });
    expect((record.error as { stack: string }).stack).toContain('RangeError: too big');
  });

  it('still writes a line when fields cannot be serialized', () => {
    const { logger, records } = capture();
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    logger.info('circular', { loop });
    expect(records()[0]).toMatchObject({ msg: 'circular', logError: expect.stringContaining('not serializable') });
  });
});
