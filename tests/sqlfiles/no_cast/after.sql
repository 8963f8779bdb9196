-- A column type PostgreSQL has no cast to from the old one (issue 11).
CREATE TABLE t (id int, at timestamptz);
