# LatticePolicy container images.
#
#   docker build --target api -t lattice-policy-api:VERSION .
#       the API server (and the web UI at /), non-root, on PORT (3000), no shell inside
#   docker build --target ui --build-arg VITE_API_BASE_URL=https://api.example.com \
#       -t lattice-policy-ui:VERSION .
#       the web UI alone behind nginx on port 8080, for the two-container layout
#
# Base images are build arguments so a registry mirror, or images made locally, can stand
# in. SERVER_FROM=prebuilt and UI_FROM=prebuilt take a server binary and a web build from
# build/image/ in the context instead of compiling them (scripts/test-image does this: no
# registry is reachable from a build container there).

ARG RUST_IMAGE=docker.io/library/rust:1.95-bookworm
ARG NODE_IMAGE=docker.io/library/node:20-bookworm-slim
ARG RUNTIME_IMAGE=docker.io/library/debian:bookworm-slim
ARG NGINX_IMAGE=docker.io/library/nginx:1.29-alpine
ARG SERVER_FROM=source
ARG UI_FROM=source

# --- the web build -------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS ui-source
WORKDIR /src/desktop/ui
COPY desktop/ui/package.json desktop/ui/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY desktop/ui/ ./
# Compiled into the bundle: a different API address needs a new image.
ARG VITE_API_BASE_URL=
ARG VITE_SENTRY_DSN=
RUN npx tsc --noEmit && npx vite build --outDir /out/web

FROM scratch AS ui-prebuilt
COPY build/image/web/ /out/web/

FROM ui-${UI_FROM} AS ui-build

# --- the server binary ---------------------------------------------------------------------
FROM ${RUST_IMAGE} AS server-source
WORKDIR /src
COPY . .
# Queries are checked against .sqlx/, so no database is needed to compile.
RUN SQLX_OFFLINE=true cargo build --release --locked -p lattice-server \
    && install -D target/release/lattice-server /out/lattice-server

FROM scratch AS server-prebuilt
COPY build/image/lattice-server /out/lattice-server

FROM server-${SERVER_FROM} AS server-build

# --- the API's file system: the binary, the libraries it links, CA roots, a user --------
FROM ${RUNTIME_IMAGE} AS api-files
COPY --from=server-build /out/lattice-server /rootfs/usr/local/bin/lattice-server
RUN set -eu; \
    if [ ! -s /etc/ssl/certs/ca-certificates.crt ]; then \
        apt-get update && apt-get install -y --no-install-recommends ca-certificates; \
    fi; \
    for lib in $(ldd /rootfs/usr/local/bin/lattice-server | awk '$2 == "=>" { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }'); do \
        cp --parents -L "$lib" /rootfs; \
    done; \
    install -D -m 0644 /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/ca-certificates.crt; \
    printf 'root:x:0:0:root:/root:/sbin/nologin\nlattice:x:10001:10001:LatticePolicy:/nonexistent:/sbin/nologin\n' > /rootfs/etc/passwd; \
    printf 'root:x:0:\nlattice:x:10001:\n' > /rootfs/etc/group; \
    install -d -m 1777 /rootfs/tmp; \
    chroot /rootfs /usr/local/bin/lattice-server --version

# --- target: ui (nginx, non-root, port 8080) -------------------------------------------------
FROM ${NGINX_IMAGE} AS ui
COPY deploy/nginx/nginx.conf /etc/nginx/nginx.conf
COPY --from=ui-build /out/web/ /usr/share/nginx/html/
USER 101:101
EXPOSE 8080
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]

# --- target: api (the default) ---------------------------------------------------------------
FROM scratch AS api
COPY --from=api-files /rootfs/ /
COPY --from=ui-build /out/web/ /srv/web/
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WEB_ROOT=/srv/web \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 10001:10001
EXPOSE 3000
# The server finishes requests in flight on SIGTERM, then exits.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/lattice-server", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/lattice-server"]
CMD ["serve"]
