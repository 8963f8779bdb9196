CREATE TABLE t (id int, code text DEFAULT 'a' CHECK (code <> ''));
