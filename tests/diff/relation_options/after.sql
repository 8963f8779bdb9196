-- Options of tables and views that were lost (issue 11): storage parameters, replica
-- identity, security_barrier, security_invoker, WITH CHECK OPTION; set, changed, reset,
-- and on new relations.
CREATE TABLE t1 (id integer PRIMARY KEY, n integer) WITH (fillfactor = 70, autovacuum_enabled = false);
CREATE TABLE t2 (id integer PRIMARY KEY);
CREATE TABLE t3 (id integer PRIMARY KEY, code text NOT NULL);
CREATE UNIQUE INDEX t3_code_key ON t3 (code);
ALTER TABLE t3 REPLICA IDENTITY USING INDEX t3_code_key;
CREATE TABLE t4 (id integer PRIMARY KEY, code text NOT NULL) WITH (fillfactor = 90);
CREATE UNIQUE INDEX t4_code_key ON t4 (code);
ALTER TABLE t4 REPLICA IDENTITY USING INDEX t4_code_key;
CREATE TABLE t5 (id integer);
ALTER TABLE t5 REPLICA IDENTITY FULL;
CREATE VIEW v1 WITH (security_barrier) AS SELECT id FROM t1;
CREATE VIEW v2 AS SELECT id, n FROM t1 WHERE n > 0 WITH LOCAL CHECK OPTION;
CREATE VIEW v3 AS SELECT id FROM t1;
CREATE VIEW v4 WITH (security_invoker = true, security_barrier = true) AS SELECT id FROM t1;
CREATE MATERIALIZED VIEW m1 WITH (fillfactor = 60) AS SELECT id FROM t1;
