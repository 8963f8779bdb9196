CREATE TABLE t (id int, at bigint);
