CREATE TABLE parent (id integer PRIMARY KEY, a integer, b integer, n integer,
    CONSTRAINT parent_ab UNIQUE (a, b),
    CONSTRAINT parent_n_check CHECK (n > 0));
CREATE TABLE child (id integer, pid integer, qid integer,
    CONSTRAINT child_fk FOREIGN KEY (pid, qid) REFERENCES parent (a, b));
CREATE TABLE partial (id integer, pa integer, pb integer,
    CONSTRAINT partial_fk FOREIGN KEY (pa, pb) REFERENCES parent (a, b) ON DELETE SET NULL);
CREATE TABLE loosened (id integer, pid integer, CONSTRAINT loosened_fk FOREIGN KEY (pid) REFERENCES parent (id),
    CONSTRAINT loosened_id_check CHECK (id > 0));
