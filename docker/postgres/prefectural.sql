-- The prefectural zone's PostgreSQL: one database per prefecture server.
CREATE DATABASE pref_13;
CREATE DATABASE pref_27;
