CREATE TABLE m (id int, foo text, bar text, PRIMARY KEY (foo, id), UNIQUE (foo, bar)) PARTITION BY LIST (foo);
CREATE TABLE m_1 PARTITION OF m FOR VALUES IN ('a');
CREATE TABLE m_2 PARTITION OF m FOR VALUES IN ('b');
CREATE UNIQUE INDEX m_2_foo ON m_2 (foo);
CREATE TABLE r (foo text, bar text) PARTITION BY LIST (foo);
CREATE TABLE r_1 PARTITION OF r FOR VALUES IN ('a');
CREATE UNIQUE INDEX r_1_foo ON r_1 (foo);
-- Foreign keys to a partitioned table (which its partitions carry) and to a partition.
ALTER TABLE r ADD CONSTRAINT r_m FOREIGN KEY (foo, bar) REFERENCES m (foo, bar);
ALTER TABLE r_1 ADD CONSTRAINT r_1_m_2 FOREIGN KEY (foo) REFERENCES m_2 (foo);
CREATE TABLE keep (id int);
