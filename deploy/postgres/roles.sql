-- The two apps' schemas and roles in the one database they share (docs/deployment.md, "PostgreSQL"). Every
-- deployment runs this file as a superuser, connected to that database:
--   psql -v ON_ERROR_STOP=1 -d ratelimiter -f roles.sql \
--        -v shortener_owner_password=... -v shortener_password=... -v console_owner_password=... -v console_password=...
-- (compose: deploy/docker/postgres-init.sh; Terraform: infra-proxmox/files/postgres-setup.sh.tftpl; the local cluster
-- substitutes the same four variables). It converges: run again, it changes only what differs, passwords included.
--
--   role             may                                                      used by
--   shortener_owner  own schema shortener: create and alter its tables          the API's Flyway
--   shortener        read and add rows in schema shortener                     the API nodes
--   console_owner    own schema console: create and alter its tables            the console's Flyway
--   console          read and append in schema console, nothing else           the console
-- No role may create anything outside its own schema, and none may touch the other app's schema.

-- psql substitutes variables outside quoted bodies only: hand them to the DO blocks below as settings of this session.
-- (SET prints no value, so no password reaches a log.)
SET ratelimiter.shortener_owner_password = :'shortener_owner_password';
SET ratelimiter.shortener_password = :'shortener_password';
SET ratelimiter.console_owner_password = :'console_owner_password';
SET ratelimiter.console_password = :'console_password';

DO $roles$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['shortener_owner', 'shortener', 'console_owner', 'console'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
            EXECUTE format('CREATE ROLE %I', role_name);
        END IF;
        EXECUTE format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT PASSWORD %L',
                       role_name, current_setting('ratelimiter.' || role_name || '_password'));
    END LOOP;
    -- Only these roles connect, and none of them may make temporary tables outside its schema.
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO shortener_owner, shortener, console_owner, console', current_database());
END
$roles$;

-- The secrets are not needed past this point.
RESET ratelimiter.shortener_owner_password;
RESET ratelimiter.shortener_password;
RESET ratelimiter.console_owner_password;
RESET ratelimiter.console_password;

REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA IF NOT EXISTS shortener AUTHORIZATION shortener_owner;
ALTER SCHEMA shortener OWNER TO shortener_owner;
REVOKE ALL ON SCHEMA shortener FROM PUBLIC;
GRANT USAGE ON SCHEMA shortener TO shortener;
-- For every table the owner's migrations create from now on, and for those that exist.
ALTER DEFAULT PRIVILEGES FOR ROLE shortener_owner IN SCHEMA shortener GRANT SELECT, INSERT ON TABLES TO shortener;
ALTER DEFAULT PRIVILEGES FOR ROLE shortener_owner IN SCHEMA shortener GRANT USAGE ON SEQUENCES TO shortener;
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA shortener TO shortener;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA shortener TO shortener;

-- The audit is append-only for the console: a pending row before a change, its outcome after, never an edit.
CREATE SCHEMA IF NOT EXISTS console AUTHORIZATION console_owner;
ALTER SCHEMA console OWNER TO console_owner;
REVOKE ALL ON SCHEMA console FROM PUBLIC;
GRANT USAGE ON SCHEMA console TO console;
ALTER DEFAULT PRIVILEGES FOR ROLE console_owner IN SCHEMA console GRANT SELECT, INSERT ON TABLES TO console;
ALTER DEFAULT PRIVILEGES FOR ROLE console_owner IN SCHEMA console GRANT USAGE ON SEQUENCES TO console;
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA console TO console;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA console TO console;
