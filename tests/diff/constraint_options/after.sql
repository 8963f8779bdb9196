-- Options of constraints that their structured form used to lose (issue 11).
CREATE TABLE parent (id integer PRIMARY KEY, a integer, b integer, n integer,
    CONSTRAINT parent_ab UNIQUE NULLS NOT DISTINCT (a, b),
    CONSTRAINT parent_n_check CHECK (n > 0) NO INHERIT,
    CONSTRAINT parent_id_incl UNIQUE (id) INCLUDE (n));
CREATE TABLE child (id integer, pid integer, qid integer,
    CONSTRAINT child_fk FOREIGN KEY (pid, qid) REFERENCES parent (a, b) MATCH FULL);
-- ON DELETE SET NULL of some of the columns only (PostgreSQL 15).
CREATE TABLE partial (id integer, pa integer, pb integer,
    CONSTRAINT partial_fk FOREIGN KEY (pa, pb) REFERENCES parent (a, b) ON DELETE SET NULL (pb));
CREATE TABLE other (id integer, x integer,
    CONSTRAINT other_x UNIQUE NULLS NOT DISTINCT (x),
    CONSTRAINT other_fk FOREIGN KEY (x, id) REFERENCES parent (a, b) MATCH FULL,
    CONSTRAINT other_x_check CHECK (x <> 0) NO INHERIT);
-- NOT VALID where the desired state has it: added so, and not validated.
CREATE TABLE later (id integer, pid integer);
ALTER TABLE later ADD CONSTRAINT later_fk FOREIGN KEY (pid) REFERENCES parent (id) NOT VALID;
ALTER TABLE later ADD CONSTRAINT later_id_check CHECK (id > 0) NOT VALID;
ALTER TABLE child ADD CONSTRAINT child_id_check CHECK (id > 0) NOT VALID;
-- Valid constraints that the target has NOT VALID: added back so.
CREATE TABLE loosened (id integer, pid integer);
ALTER TABLE loosened ADD CONSTRAINT loosened_fk FOREIGN KEY (pid) REFERENCES parent (id) NOT VALID;
ALTER TABLE loosened ADD CONSTRAINT loosened_id_check CHECK (id > 0) NOT VALID;
