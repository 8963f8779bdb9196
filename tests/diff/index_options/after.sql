-- Index options that were lost (issue 11): a key's collation, NULLS NOT DISTINCT, storage
-- parameters; on changed indexes and new ones.
CREATE TABLE items (id integer PRIMARY KEY, code text, name text COLLATE "C", n integer);
CREATE INDEX items_code_idx ON items (code COLLATE "C");
CREATE UNIQUE INDEX items_n_key ON items (n) NULLS NOT DISTINCT;
CREATE INDEX items_name_idx ON items (name) WITH (fillfactor = 70);
CREATE INDEX items_code_posix_idx ON items (code COLLATE "POSIX" DESC) WITH (fillfactor = 50, deduplicate_items = off);
CREATE UNIQUE INDEX items_code_name_key ON items (code, name) NULLS NOT DISTINCT;
