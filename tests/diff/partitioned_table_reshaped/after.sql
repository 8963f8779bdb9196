-- A partitioned table reshaped at once: column types and collation, a new key and check,
-- a key dropped under a foreign key that goes too (the foreign key first), partitioned and
-- partition indexes added and dropped, NOT NULL of a partition's own moved to another,
-- NOT VALID foreign keys between partitions validated.
CREATE TABLE foobar(id TEXT, foo VARCHAR(255), bar TEXT COLLATE "POSIX", fizz TEXT, PRIMARY KEY (foo, id), UNIQUE (foo, fizz)) PARTITION BY LIST (foo);
ALTER TABLE foobar ADD CONSTRAINT some_check_constraint CHECK ( LENGTH(fizz) > 0 );
CREATE TABLE foobar_1 PARTITION OF foobar FOR VALUES IN ('foo_1');
CREATE TABLE foobar_2 PARTITION OF foobar(bar NOT NULL) FOR VALUES IN ('foo_2');
CREATE TABLE foobar_3 PARTITION OF foobar FOR VALUES IN ('foo_3');
CREATE UNIQUE INDEX foobar_some_idx ON foobar(foo, fizz);
CREATE UNIQUE INDEX foobar_1_local_unique_idx ON foobar_1(foo);
CREATE INDEX foobar_3_local_idx ON foobar_3(foo, bar);
CREATE TABLE foobar_fk(foo VARCHAR(255), bar TEXT) PARTITION BY LIST (foo);
CREATE TABLE foobar_fk_1 PARTITION OF foobar_fk FOR VALUES IN ('foo_1');
CREATE UNIQUE INDEX foobar_fk_unique_idx ON foobar_fk(foo, bar);
CREATE UNIQUE INDEX foobar_fk_1_local_unique_idx ON foobar_fk_1(foo);
ALTER TABLE foobar_fk_1 ADD CONSTRAINT foobar_fk_1_fk FOREIGN KEY (foo) REFERENCES foobar_1(foo);
ALTER TABLE foobar_1 ADD CONSTRAINT foobar_1_fk FOREIGN KEY (foo) REFERENCES foobar_fk_1(foo);
