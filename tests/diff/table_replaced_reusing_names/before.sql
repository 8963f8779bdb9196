CREATE TABLE old_items (id int PRIMARY KEY, code text NOT NULL, at timestamptz);
CREATE UNIQUE INDEX items_code_at ON old_items (code, at);
CREATE TABLE orders (id int PRIMARY KEY, code text, at timestamptz,
    CONSTRAINT orders_item_fkey FOREIGN KEY (code, at) REFERENCES old_items (code, at));
