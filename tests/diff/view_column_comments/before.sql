-- Comments on the columns of views: changed on a view kept or replaced, and kept on a
-- view created again (its table's column changes type), where they were lost.
CREATE TABLE t (a int, b text);
CREATE VIEW v AS SELECT a, b FROM t;
COMMENT ON COLUMN v.a IS 'col a';
CREATE MATERIALIZED VIEW mv AS SELECT a FROM t;
COMMENT ON COLUMN mv.a IS 'm a';
CREATE TABLE u (x int);
CREATE VIEW uv AS SELECT x FROM u;
COMMENT ON VIEW uv IS 'over u';
COMMENT ON COLUMN uv.x IS 'the x';
