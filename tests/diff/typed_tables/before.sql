CREATE SCHEMA app;
-- A typed table whose type gains an attribute: the table gains the column with it.
CREATE TYPE app.person AS (name text, age integer);
CREATE TABLE app.people OF app.person (PRIMARY KEY (name), age WITH OPTIONS DEFAULT 0 NOT NULL);
INSERT INTO app.people VALUES ('ann', 30);
-- A table with the columns of a type, made a table of that type.
CREATE TYPE app.point2 AS (x double precision, y double precision);
CREATE TABLE app.points (x double precision, y double precision);
-- A typed table that stops being one.
CREATE TYPE app.tag AS (label text);
CREATE TABLE app.tags OF app.tag;
-- A typed table dropped with its type.
CREATE TYPE app.old_kind AS (code text);
CREATE TABLE app.old_things OF app.old_kind;
-- A typed table whose type loses an attribute: the column goes with it (data_loss).
CREATE TYPE app.contact AS (name text, fax text);
CREATE TABLE app.contacts OF app.contact;
