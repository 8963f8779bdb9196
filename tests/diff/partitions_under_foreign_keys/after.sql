-- Partitioned tables dropped with the foreign keys that reference them or their
-- partitions: those go first (PostgreSQL will not drop a partition, or the table it
-- belongs to, under them). And a partition created with a NOT NULL of its own on a column
-- of its parent, and its own key.
CREATE TABLE keep (id int);
CREATE TABLE n (id int, foo text, bar text) PARTITION BY LIST (foo);
CREATE TABLE n_1 PARTITION OF n (bar NOT NULL, PRIMARY KEY (foo, id)) FOR VALUES IN ('a');
