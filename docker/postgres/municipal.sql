-- The municipal zone's PostgreSQL: one database per CS, each reachable by its node's role only.
-- The postgres image runs this once, as the superuser, when the zone's volume is new. Each role's
-- password comes from the environment (docker-compose.yml requires it; docker/new-secrets.sh);
-- an unset one stops the initialisation. Every database belongs to its node's role, PUBLIC may
-- not connect to it, and its schema public belongs to that role with nothing granted to PUBLIC.
-- Checked, and run against a real PostgreSQL, by local-cluster's ComposeFileTest.

-- no node role needs the maintenance databases
REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC;

\getenv cs_131016_password CS_131016_DB_PASSWORD
CREATE ROLE cs_131016 LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'cs_131016_password';
CREATE DATABASE cs_131016 OWNER cs_131016;
REVOKE CONNECT, TEMPORARY ON DATABASE cs_131016 FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE cs_131016 TO cs_131016;
\connect cs_131016
ALTER SCHEMA public OWNER TO cs_131016;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
\connect postgres

\getenv cs_131130_password CS_131130_DB_PASSWORD
CREATE ROLE cs_131130 LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'cs_131130_password';
CREATE DATABASE cs_131130 OWNER cs_131130;
REVOKE CONNECT, TEMPORARY ON DATABASE cs_131130 FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE cs_131130 TO cs_131130;
\connect cs_131130
ALTER SCHEMA public OWNER TO cs_131130;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
\connect postgres

\getenv cs_271004_password CS_271004_DB_PASSWORD
CREATE ROLE cs_271004 LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'cs_271004_password';
CREATE DATABASE cs_271004 OWNER cs_271004;
REVOKE CONNECT, TEMPORARY ON DATABASE cs_271004 FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE cs_271004 TO cs_271004;
\connect cs_271004
ALTER SCHEMA public OWNER TO cs_271004;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
\connect postgres

\getenv cs_272035_password CS_272035_DB_PASSWORD
CREATE ROLE cs_272035 LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'cs_272035_password';
CREATE DATABASE cs_272035 OWNER cs_272035;
REVOKE CONNECT, TEMPORARY ON DATABASE cs_272035 FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE cs_272035 TO cs_272035;
\connect cs_272035
ALTER SCHEMA public OWNER TO cs_272035;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
\connect postgres
