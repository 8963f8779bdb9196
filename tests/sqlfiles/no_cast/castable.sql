-- The same column to a type bigint casts to: planned as before.
CREATE TABLE t (id int, at numeric);
