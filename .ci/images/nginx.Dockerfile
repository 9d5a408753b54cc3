# nginx from Debian's nginx-light, with the official nginx image's start-up contract (the entrypoint): scripts in
# /docker-entrypoint.d, templates in /etc/nginx/templates rendered by envsubst into /etc/nginx/conf.d, an nginx.conf
# that includes conf.d/*.conf in its http block, logs on standard output and error, and wget for health checks.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx-light gettext-base busybox \
    && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled /etc/nginx/sites-available \
    && ln -s /bin/busybox /usr/local/bin/wget \
    && mkdir -p /docker-entrypoint.d /etc/nginx/templates
COPY nginx.conf /etc/nginx/nginx.conf
COPY nginx-entrypoint.sh /docker-entrypoint.sh
COPY nginx-envsubst-on-templates.sh /docker-entrypoint.d/20-envsubst-on-templates.sh
EXPOSE 80
# SIGQUIT is nginx's graceful shutdown: requests in flight are finished.
STOPSIGNAL SIGQUIT
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["nginx", "-g", "daemon off;"]
