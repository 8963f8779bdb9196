CREATE TABLE parent (id integer PRIMARY KEY, a integer, b integer, n integer,
    CONSTRAINT parent_ab UNIQUE (a, b),
    CONSTRAINT parent_n_check CHECK (n > 0));
CREATE TABLE child (id integer, pid integer, qid integer,
    CONSTRAINT child_fk FOREIGN KEY (pid, qid) REFERENCES parent (a, b));
