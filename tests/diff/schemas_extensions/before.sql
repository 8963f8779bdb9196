CREATE SCHEMA old_schema;
CREATE TABLE old_schema.t (id integer);
CREATE SCHEMA kept;
CREATE EXTENSION IF NOT EXISTS hstore;
