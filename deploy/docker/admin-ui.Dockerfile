# syntax=docker/dockerfile:1
# The admin console, from the fat jar the Maven build leaves in admin-ui/target.
# Build context is the repository root, after `./mvnw -q -DskipTests package`:
#   docker build -f deploy/docker/admin-ui.Dockerfile -t ratelimiter/admin-ui .
# admin-ui.Dockerfile.dockerignore beside this file sends only that jar to the builder.
FROM eclipse-temurin:17-jre-alpine

RUN addgroup -S -g 10001 ratelimiter \
    && adduser -S -D -H -u 10001 -G ratelimiter -s /sbin/nologin ratelimiter

WORKDIR /app
# Owned by root and read-only to the service user: the process cannot rewrite its own code.
COPY --chown=root:root --chmod=0644 admin-ui/target/admin-ui.jar /app/admin-ui.jar

USER 10001:10001
# Health on a management port of its own, which no proxy forwards (docs/deployment.md).
ENV MICRONAUT_SERVER_PORT=8090 ENDPOINTS_ALL_PORT=9090
EXPOSE 8090

HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD wget -q -O /dev/null "http://127.0.0.1:${ENDPOINTS_ALL_PORT}/health" || exit 1

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/admin-ui.jar"]
