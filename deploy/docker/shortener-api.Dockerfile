# The shortener API, from the fat jar the Maven build leaves in shortener-api/target.
# Build context is the repository root, after `./mvnw -q -DskipTests package`:
#   docker build -f deploy/docker/shortener-api.Dockerfile -t ratelimiter/shortener-api .
# shortener-api.Dockerfile.dockerignore beside this file sends only that jar to the builder.
# Built by BuildKit's own Dockerfile frontend (Docker 20.10 or newer, for COPY --chmod); a syntax line would make
# every build fetch a frontend image from Docker Hub.
# Any Java 17 runtime with Alpine's BusyBox commands (addgroup, adduser, wget), e.g. CI's image made from Debian's
# packages (.ci/images/jre.Dockerfile): docker build --build-arg BASE_IMAGE=local/jre:17 ...
ARG BASE_IMAGE=eclipse-temurin:17-jre-alpine
FROM ${BASE_IMAGE}

RUN addgroup -S -g 10001 ratelimiter \
    && adduser -S -D -H -u 10001 -G ratelimiter -s /sbin/nologin ratelimiter

WORKDIR /app
# Owned by root and read-only to the service user: the process cannot rewrite its own code.
COPY --chown=root:root --chmod=0644 shortener-api/target/shortener-api.jar /app/shortener-api.jar

USER 10001:10001
# Health and metrics on a management port of its own, which no proxy forwards (docs/deployment.md).
ENV MICRONAUT_SERVER_PORT=8080 ENDPOINTS_ALL_PORT=9080
EXPOSE 8080

# /health reports the database and Redis; busybox wget exits non-zero on a 503.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD wget -q -O /dev/null "http://127.0.0.1:${ENDPOINTS_ALL_PORT}/health" || exit 1

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/shortener-api.jar"]
