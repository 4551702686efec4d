-- The national zone's PostgreSQL: J-LIS, each reachable by its node's role only.
-- The postgres image runs this once, as the superuser, when the zone's volume is new. Each role's
-- password comes from the environment (docker-compose.yml requires it; docker/new-secrets.sh);
-- an unset one stops the initialisation. Every database belongs to its node's role, PUBLIC may
-- not connect to it, and its schema public belongs to that role with nothing granted to PUBLIC.
-- Checked, and run against a real PostgreSQL, by local-cluster's ComposeFileTest.

-- no node role needs the maintenance databases
REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC;

\getenv national_password NATIONAL_DB_PASSWORD
CREATE ROLE national LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'national_password';
CREATE DATABASE national OWNER national;
REVOKE CONNECT, TEMPORARY ON DATABASE national FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE national TO national;
\connect national
ALTER SCHEMA public OWNER TO national;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
\connect postgres
