# syntax=docker/dockerfile:1
# Multi-stage build of the kartu binary. The runtime image holds the binary and libpq only;
# keys are mounted read-only at /keys and never baked into the image.

FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY crates ./crates
COPY src ./src
COPY migrations ./migrations
COPY locales ./locales
COPY templates ./templates
COPY static ./static
RUN cargo build --release --locked --bin kartu

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /nonexistent --shell /usr/sbin/nologin kartu
COPY --from=build /src/target/release/kartu /usr/local/bin/kartu
USER kartu
ENV KARTU_LISTEN=0.0.0.0:8080 \
    KARTU_KEYS_DIR=/keys \
    KARTU_PRODUCTION=true
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["/usr/local/bin/kartu"]
CMD ["serve"]
