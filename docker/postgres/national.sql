-- The national zone's PostgreSQL: J-LIS.
CREATE DATABASE national;
