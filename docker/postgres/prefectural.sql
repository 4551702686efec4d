-- The prefectural zone's PostgreSQL: one database per prefecture server, each reachable by its node's role only.
-- The postgres image runs this once, as the superuser, when the zone's volume is new. Each role's
-- password comes from the environment (docker-compose.yml requires it; docker/new-secrets.sh);
-- an unset one stops the initialisation. Every database belongs to its node's role, PUBLIC may
-- not connect to it, and its schema public belongs to that role with nothing granted to PUBLIC.
-- Checked, and run against a real PostgreSQL, by local-cluster's ComposeFileTest.

-- no node role needs the maintenance databases
REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC;

\getenv pref_13_password PREF_13_DB_PASSWORD
CREATE ROLE pref_13 LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pref_13_password';
CREATE DATABASE pref_13 OWNER pref_13;
REVOKE CONNECT, TEMPORARY ON DATABASE pref_13 FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE pref_13 TO pref_13;
\connect pref_13
ALTER SCHEMA public OWNER TO pref_13;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
\connect postgres

\getenv pref_27_password PREF_27_DB_PASSWORD
CREATE ROLE pref_27 LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pref_27_password';
CREATE DATABASE pref_27 OWNER pref_27;
REVOKE CONNECT, TEMPORARY ON DATABASE pref_27 FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE pref_27 TO pref_27;
\connect pref_27
ALTER SCHEMA public OWNER TO pref_27;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
\connect postgres
