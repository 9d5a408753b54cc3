# PostgreSQL from Debian's postgresql-15, with the official postgres image's start-up contract (the entrypoint):
# POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB (or their _FILE variants), POSTGRES_INITDB_ARGS,
# POSTGRES_HOST_AUTH_METHOD and /docker-entrypoint-initdb.d, data in /var/lib/postgresql/data. So the same
# Testcontainers code and the same compose service run on this image and on postgres:16-alpine.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
# No cluster of Debian's own (pg_createcluster's main): the entrypoint makes one in PGDATA on the first start.
RUN mkdir -p /etc/postgresql-common/createcluster.d \
    && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/no-main-cluster.conf \
    && apt-get update \
    && apt-get install -y --no-install-recommends postgresql-15 \
    && rm -rf /var/lib/apt/lists/* \
    && sed -ri "s/^#?(listen_addresses)\s*=\s*\S+.*/\1 = '*'/" /usr/share/postgresql/15/postgresql.conf.sample \
    && mkdir -p /var/lib/postgresql/data /docker-entrypoint-initdb.d \
    && chown postgres:postgres /var/lib/postgresql/data
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data \
    LANG=C.UTF-8
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
EXPOSE 5432
# SIGINT is PostgreSQL's fast shutdown: sessions are ended, the data is consistent.
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
