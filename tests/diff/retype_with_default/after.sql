-- A text column becomes an enum: its default (written for text) is dropped before the type
-- changes and set after; a check written for the old type, which the target drops, goes
-- first (issue 11).
CREATE TYPE codes AS ENUM ('a', 'b');
CREATE TABLE t (id int, code codes DEFAULT 'a');
