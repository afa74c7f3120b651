import { FilesystemObjectStore, defaultFilesystemObjectStoreOptions, type ObjectBody, type ObjectStore, type PutOptions } from '@prism/storage';
import { sealerPass } from '../sealer/sealer-pass';
import { FileSealerCatalog } from './file-sealer-catalog';

/**
 * Child process of the sealer crash test: runs one sealer pass with slow, seeded puts, printing
 * `put <key>` before each, until the parent SIGKILLs it. Arguments: hot root, objects dir,
 * catalog file, seed, clock (ms).
 */
const [hotRoot, objectsDir, catalogFile, seedText, clockText] = process.argv.slice(2);
let seed = Number(seedText);
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const inner = new FilesystemObjectStore(defaultFilesystemObjectStoreOptions(objectsDir));
const slow: ObjectStore = Object.assign(Object.create(inner) as ObjectStore, {
  put: async (key: string, body: ObjectBody, options?: PutOptions) => {
    process.stdout.write(`put ${key}\n`);
    await new Promise((resolve) => setTimeout(resolve, 2 + random() * 15));
    return options === undefined ? inner.put(key, body) : (inner as ObjectStore).put(key, body, options);
  },
});
const clock = () => Number(clockText);
sealerPass({ catalog: new FileSealerCatalog(catalogFile), hotRoot, objects: slow, clock }, { leaseTtlMs: 60_000, upload: { streamAboveBytes: 2048 } }).then(
  (summary) => process.stdout.write(`done ${JSON.stringify(summary)}\n`),
  (error: unknown) => {
    process.stderr.write(String(error));
    process.exit(1);
  },
);
