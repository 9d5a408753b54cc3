# Redis from Debian's redis-server, started the way the official redis image starts it, so that real-servers'
# Testcontainers path and compose run it unchanged: working directory and volume /data, the server as user redis,
# logs on standard output, and protected mode off (the official image compiles it off; see the entrypoint).
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends redis-server \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir /data && chown redis:redis /data
COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
WORKDIR /data
VOLUME /data
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
