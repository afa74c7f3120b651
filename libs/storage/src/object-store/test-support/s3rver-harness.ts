import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A running s3rver on a free loopback port, with one bucket. */
export interface S3rverHarness {
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  stop(): Promise<void>;
}

// s3rver 3.7 encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 only has
// in its legacy provider, so it runs in a child Node with --openssl-legacy-provider. The child
// exits when its stdin closes, so it cannot outlive the test process.
const CHILD_SCRIPT = `
const S3rver = require(process.env.S3RVER_PATH);
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.env.S3RVER_DIR,
  configureBuckets: [{ name: process.env.S3RVER_BUCKET }] });
server.run().then((address) => console.log(JSON.stringify({ port: address.port })));
process.stdin.on('end', () => server.close().finally(() => process.exit(0)));
process.stdin.resume();
`;

/** Starts s3rver in a fresh temp directory with `bucket` created; `stop()` ends it and removes the directory. */
export async function startS3rver(bucket = 'prism-test'): Promise<S3rverHarness> {
  const directory = await mkdtemp(join(tmpdir(), 'prism-s3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--no-deprecation', '-e', CHILD_SCRIPT], {
    env: {
      ...process.env,
      S3RVER_PATH: createRequire(import.meta.url).resolve('s3rver'),
      S3RVER_DIR: directory,
      S3RVER_BUCKET: bucket,
      NODE_OPTIONS: '',
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const parsed = /^\{"port":(\d+)\}$/.exec(line);
      if (parsed) resolve(Number(parsed[1]));
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited early with code ${code}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    async stop() {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
