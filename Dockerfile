# Stepwise in a container. Build: docker build -t stepwise .   Run: see compose.yaml.
# The build stage's npm steps are exactly CI's production-install check (.ci/run, prod_step lines);
# tests/ops/dockerfile.test.ts keeps the two the same, since no container engine runs where this is built.

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles here (no prebuilt binary is fetched), so the build stage has the tool chain.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund
RUN npm run build
RUN npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    STEPWISE_DB=/app/data/stepwise.db \
    STEPWISE_CONTENT=/app/content \
    STEPWISE_HTTP_PORT=8080
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/content ./content
# The data folder belongs to the unprivileged `node` user of the base image; mount a volume there.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 8080
# /healthz answers 200 only when the database takes a write, each platform is connected and the sweep
# ran within a minute. In Slack HTTP mode it lives on Bolt's PORT instead (set HEALTH_PORT to that).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HEALTH_PORT || process.env.STEPWISE_HTTP_PORT) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
