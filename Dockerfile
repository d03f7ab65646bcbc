# syntax=docker/dockerfile:1
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/build.mjs
COPY src ./src
COPY simulator ./simulator
# The build context has no .git: `docker build --build-arg REVISION=$(git rev-parse HEAD) .`
# records the commit in dist/build-info.json, for --version and openai_exporter_build_info.
ARG REVISION=unknown
RUN OPENAI_EXPORTER_REVISION="$REVISION" npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    OPENAI_EXPORTER_STORAGE_PATH=/data \
    OPENAI_EXPORTER_WEB_LISTEN_ADDRESS=:9863
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# /data is the only writable path: the image runs with a read-only root filesystem.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 9863
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "dist/src/healthcheck.js"]
ENTRYPOINT ["node", "dist/src/main.js"]
