CREATE TABLE items (id integer PRIMARY KEY, code text, name text COLLATE "C", n integer);
CREATE INDEX items_code_idx ON items (code);
CREATE UNIQUE INDEX items_n_key ON items (n);
CREATE INDEX items_name_idx ON items (name);
