-- A table replaced by another that takes its index's name, with a foreign key moved from
-- the old to the new one: the foreign key goes before the old table, whose index name the
-- new index waits for, and comes back after it.
CREATE TABLE items (id int PRIMARY KEY, code text NOT NULL, at timestamptz);
CREATE UNIQUE INDEX items_code_at ON items (code, at);
CREATE TABLE orders (id int PRIMARY KEY, code text, at timestamptz,
    CONSTRAINT orders_item_fkey FOREIGN KEY (code, at) REFERENCES items (code, at));
