CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA kept;
CREATE SCHEMA new_schema;
CREATE TABLE new_schema.t (id integer, tags public.citext);
