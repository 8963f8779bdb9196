CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE parent (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE child (
    id integer PRIMARY KEY,
    parent_id integer REFERENCES parent (id),
    qty integer CONSTRAINT qty_positive CHECK (qty > 0),
    code text,
    during tsrange
);
CREATE TABLE loose (a integer, b integer);
CREATE TABLE rekeyed (a int, b int, c int, CONSTRAINT rekeyed_pkey PRIMARY KEY (a, b));
