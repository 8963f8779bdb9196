CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE parent (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE child (
    id integer PRIMARY KEY,
    parent_id integer REFERENCES parent (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    qty integer CONSTRAINT qty_positive CHECK (qty >= 0),
    code text REFERENCES parent (code) ON UPDATE CASCADE,
    during tsrange,
    CONSTRAINT child_no_overlap EXCLUDE USING gist (parent_id WITH =, during WITH &&)
);
CREATE TABLE loose (a integer NOT NULL, b integer, CONSTRAINT loose_pkey PRIMARY KEY (a), CONSTRAINT loose_b_check CHECK (b <> 0) NOT VALID, UNIQUE (a, b));
-- A primary key given other columns under its name: the column it leaves may hold NULL
-- once the key is replaced (not before: PostgreSQL refuses it while the key has it).
CREATE TABLE rekeyed (a int, b int, c int, CONSTRAINT rekeyed_pkey PRIMARY KEY (a, c));
