# Prism server image: the esbuild bundles of the apps and the two packages they load at run time.
#
#   docker build -t prism .
#   docker run --rm -p 4318:4318 -p 4317:4317 -v prism-data:/var/lib/prism prism   # all-in-one (explorer at /)
#   docker run --rm -p 4318:4318 ... prism node --enable-source-maps dist/apps/query/main.js   # one service
#
# Configuration is the PRISM_* environment (libs/server/README.md); compose.yaml runs it with
# PostgreSQL and MinIO.

ARG NODE_IMAGE=node:20-bookworm-slim

# 1. Build every server bundle from a clean install of the workspace.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t build -p prism ingest-app query-app sealer-app parquetizer-app --outputStyle=static

# 2. The runtime dependencies the bundles leave external (everything else is inside them):
#    PGlite (it loads its WebAssembly and data files from its package) and piscina (worker threads).
#    Versions are taken from the lockfile so the image runs what the tests ran.
FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /deps
COPY package-lock.json /tmp/package-lock.json
RUN node -e "const lock = require('/tmp/package-lock.json'); \
  const pick = (name) => lock.packages['node_modules/' + name].version; \
  const dependencies = { '@electric-sql/pglite': pick('@electric-sql/pglite'), piscina: pick('piscina') }; \
  require('fs').writeFileSync('package.json', JSON.stringify({ name: 'prism-runtime', private: true, dependencies }));" \
  && npm install --omit=dev --no-audit --no-fund --no-package-lock

# 3. The image: Node, the bundles, those two packages; runs as the unprivileged `node` user.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PRISM_HOST=0.0.0.0 \
    PRISM_PORT=4318 \
    PRISM_DATA_DIR=/var/lib/prism
WORKDIR /opt/prism
COPY --from=runtime-deps /deps/node_modules ./node_modules
COPY --from=build /src/dist/apps/prism/main.js /src/dist/apps/prism/main.js.map /src/dist/apps/prism/cli.js /src/dist/apps/prism/cli.js.map ./dist/apps/prism/
COPY --from=build /src/dist/apps/ingest/main.js /src/dist/apps/ingest/main.js.map ./dist/apps/ingest/
COPY --from=build /src/dist/apps/query/main.js /src/dist/apps/query/main.js.map ./dist/apps/query/
COPY --from=build /src/dist/apps/sealer/main.js /src/dist/apps/sealer/main.js.map ./dist/apps/sealer/
COPY --from=build /src/dist/apps/parquetizer/main.js /src/dist/apps/parquetizer/main.js.map ./dist/apps/parquetizer/
# The browser explorer's static files (prism:build builds them); PRISM_EXPLORER_DIR's default finds them.
COPY --from=build /src/dist/apps/explorer ./dist/apps/explorer/
RUN mkdir -p /var/lib/prism && chown node:node /var/lib/prism
USER node
VOLUME /var/lib/prism
# OTLP/HTTP, the query API and the explorer; OTLP/gRPC.
EXPOSE 4318 4317
# Liveness only: readiness (/readyz: catalog and object store) is for the orchestrator to route by.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PRISM_PORT || 4318) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--enable-source-maps", "--single-threaded-gc", "dist/apps/prism/main.js"]
