# The production image: the server built to JavaScript and run by node itself (no npm, no tsx),
# runtime dependencies only, as a non-root user. No Docker engine runs where this was written:
# test/production-build.test.ts runs the last stage's install, copies, settings, command and health
# check outside Docker (bench/lib/dockerfile.ts reads them from here), and `npm run bench:memory`
# measures the server with its settings.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run prisma:generate && npm run build

FROM node:20-slim
WORKDIR /app
# MALLOC_ARENA_MAX: fewer glibc arenas for V8's threads, less memory held in them. An old-space cap
# well above what the server keeps alive makes V8 collect sooner (a smaller heap growing factor),
# and smaller semi-spaces keep the young generation small (figures in bench/RESULTS.md).
ENV NODE_ENV=production \
    PORT=4000 \
    MALLOC_ARENA_MAX=2 \
    NODE_OPTIONS="--max-old-space-size=512 --max-semi-space-size=8"
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/explorer/dist ./explorer/dist
COPY prisma ./prisma
COPY seed/data ./seed/data
# Without DATABASE_URL the embedded PostgreSQL keeps its data here, owned by the user it runs as.
RUN mkdir .data && chown node:node .data
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and receives SIGTERM itself: it drains the requests in flight, then exits 0.
CMD ["node", "dist/main.js"]
