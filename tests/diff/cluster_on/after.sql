-- Which index each table is clustered on (ALTER TABLE ... CLUSTER ON): set, moved, taken
-- away; kept through an index built again, an index renamed and a key renamed; taken
-- away with a dropped index (and given back by the rollback); on a new table's key, on a
-- new index, and on a primary key given new columns.
CREATE TABLE t1 (id int PRIMARY KEY, n int);
CREATE INDEX t1_n ON t1 (n);
ALTER TABLE t1 CLUSTER ON t1_n;
CREATE TABLE t2 (id int PRIMARY KEY, n int);
CREATE INDEX t2_n ON t2 (n);
ALTER TABLE t2 CLUSTER ON t2_pkey;
CREATE TABLE t3 (id int PRIMARY KEY, n int);
CREATE INDEX t3_n ON t3 (n);
CREATE TABLE t4 (id int PRIMARY KEY, n int);
CREATE INDEX t4_n ON t4 (n, id);
ALTER TABLE t4 CLUSTER ON t4_n;
CREATE TABLE t5 (id int PRIMARY KEY, n int);
CREATE INDEX t5_n_renamed ON t5 (n);
ALTER TABLE t5 CLUSTER ON t5_n_renamed;
CREATE TABLE t6 (id int PRIMARY KEY, n int);
CREATE TABLE t7 (id int PRIMARY KEY, n int);
ALTER TABLE t7 CLUSTER ON t7_pkey;
CREATE TABLE t8 (id int CONSTRAINT t8_key_renamed PRIMARY KEY, n int);
ALTER TABLE t8 CLUSTER ON t8_key_renamed;
CREATE TABLE t9 (id int PRIMARY KEY, n int);
CREATE INDEX t9_n ON t9 (n);
ALTER TABLE t9 CLUSTER ON t9_n;
CREATE TABLE t10 (id int, k int NOT NULL, PRIMARY KEY (id, k));
ALTER TABLE t10 CLUSTER ON t10_pkey;
