CREATE TABLE items (id int PRIMARY KEY, name text);
CREATE UNIQUE INDEX items_name ON items (lower(name));
CREATE TABLE refs (item_name text);
