CREATE SCHEMA app;
CREATE TYPE app.person AS (name text, age integer, email text);
CREATE TABLE app.people OF app.person (PRIMARY KEY (name), age WITH OPTIONS DEFAULT 0 NOT NULL);
COMMENT ON COLUMN app.people.email IS 'where to write';
CREATE TYPE app.point2 AS (x double precision, y double precision);
CREATE TABLE app.points OF app.point2;
CREATE TYPE app.tag AS (label text);
CREATE TABLE app.tags (label text);
-- A new typed table with options on its columns and a check.
CREATE TYPE app.event AS (id bigint, at timestamptz, kind text);
CREATE TABLE app.events OF app.event (
    id WITH OPTIONS NOT NULL,
    kind WITH OPTIONS DEFAULT 'info',
    CONSTRAINT events_pkey PRIMARY KEY (id),
    CONSTRAINT events_kind_check CHECK (kind <> '')
);
CREATE TYPE app.contact AS (name text);
CREATE TABLE app.contacts OF app.contact;
