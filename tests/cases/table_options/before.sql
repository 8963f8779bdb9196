CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE rooms (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO rooms SELECT g, 'room ' || g FROM generate_series(1, 10) g;
