-- A parent's default changes while a child (inheritance or partition) keeps a default of
-- its own and another follows the parent: the rollback gives each child its own back.
-- Also when the parent's column changes type (its default goes off and on around the
-- change, the children's with it).
CREATE TABLE p (id int, n int DEFAULT 8);
CREATE TABLE c1 () INHERITS (p);
CREATE TABLE c2 () INHERITS (p);
ALTER TABLE c2 ALTER COLUMN n SET DEFAULT 4;
CREATE TABLE m (id int, at date, n int DEFAULT 7) PARTITION BY RANGE (at);
CREATE TABLE m_1 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE m_1 ALTER COLUMN n SET DEFAULT 5;
CREATE TABLE m_2 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE r (id int, n bigint DEFAULT 2);
CREATE TABLE rc () INHERITS (r);
ALTER TABLE rc ALTER COLUMN n SET DEFAULT 3;
CREATE TABLE rd () INHERITS (r);
