# A Java 17 runtime from Debian's openjdk-17-jre-headless, the base the project's Dockerfiles take through
# BASE_IMAGE in place of eclipse-temurin:17-jre-alpine. It has the Alpine image's commands those Dockerfiles run:
# BusyBox's wget (their health checks) and addgroup/adduser with BusyBox's options (small translations to
# Debian's groupadd/useradd, beside this file).
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends openjdk-17-jre-headless busybox \
    && rm -rf /var/lib/apt/lists/* \
    && ln -s /bin/busybox /usr/local/bin/wget
COPY busybox-addgroup.sh /usr/local/bin/addgroup
COPY busybox-adduser.sh /usr/local/bin/adduser
