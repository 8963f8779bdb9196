-- A unique index that a foreign key rests on changes, and the key goes: the key goes first.
CREATE TABLE items (id int PRIMARY KEY, name text);
CREATE UNIQUE INDEX items_name ON items (name);
CREATE TABLE refs (item_name text REFERENCES items (name));
