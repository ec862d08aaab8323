# One image for every streamsense component; the first argument picks it:
#   docker run IMAGE produce | classify | sink | dashboard | schemas  [flags...]
# Configuration comes from environment variables (each script's --help lists them).
# docs/containers.md explains the stages, the build arguments and how it is tested without Docker.

ARG BASE_IMAGE=node:20-bookworm-slim

# ---- deps: production node_modules, without the binaries this image never loads --------------
FROM ${BASE_IMAGE} AS deps
WORKDIR /app
# Only for builds behind a TLS-intercepting proxy: a CA bundle that is mounted into the build.
ARG NODE_EXTRA_CA_CERTS
COPY package.json package-lock.json .npmrc ./
# package.json's allowScripts denies onnxruntime-node's postinstall (a CUDA download from NuGet);
# ONNXRUNTIME_NODE_INSTALL=skip does the same for an npm older than 11.16. transformers.js bundles its own
# copy of onnxruntime-web and loads only onnxruntime-node's binding for this OS and CPU, so the
# package onnxruntime-web (~140 MB) and the other platforms' binaries (~250 MB) are dropped.
RUN ONNXRUNTIME_NODE_INSTALL=skip npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && rm -rf node_modules/onnxruntime-web \
 && arch="$(node -p process.arch)" \
 && for dir in node_modules/onnxruntime-node/bin/napi-v*; do \
      find "$dir" -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf {} + ; \
      find "$dir/linux" -mindepth 1 -maxdepth 1 ! -name "$arch" -exec rm -rf {} + ; \
    done

# ---- models: the default encoder, fetched at build time (from a Maven Central jar, like on a host)
FROM ${BASE_IMAGE} AS models
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends maven default-jre-headless \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Only for builds behind a TLS-intercepting proxy, e.g. -Djavax.net.ssl.trustStore=/path/cacerts.
ARG MAVEN_OPTS
ARG NODE_EXTRA_CA_CERTS
# Encoders to bake in, space separated (default: the catalog default); `--all` for every one.
ARG ENCODERS=
COPY package.json ./
COPY --from=deps /app/node_modules node_modules
COPY config/models.json config/
COPY scripts/fetch-models.ts scripts/
COPY src/nlp src/nlp
COPY src/config src/config
COPY src/errors src/errors
COPY src/telemetry src/telemetry
RUN node --import tsx scripts/fetch-models.ts ${ENCODERS} && rm -rf /root/.m2

# ---- runtime ---------------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS runtime
ENV NODE_ENV=production \
    STREAMSENSE_DASHBOARD_HOST=0.0.0.0
WORKDIR /app
RUN groupadd --system --gid 10001 streamsense \
 && useradd --system --uid 10001 --gid streamsense --home-dir /app --no-create-home --shell /usr/sbin/nologin streamsense
COPY --from=deps /app/node_modules node_modules
COPY --from=models /app/models models
COPY package.json tsconfig.json ./
COPY config config
COPY schemas schemas
COPY data/sample data/sample
COPY scripts scripts
COPY src src
RUN chmod 0755 src/containers/entrypoint.sh
USER 10001:10001
EXPOSE 3000
# classify :9464/healthz, sink :9465/healthz, dashboard /api/health; one-shot commands are healthy.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "--import", "tsx", "src/containers/healthcheck.ts"]
ENTRYPOINT ["/app/src/containers/entrypoint.sh"]
CMD ["help"]
