CREATE TABLE base (id integer, name text);
CREATE VIEW v1 AS SELECT id, name, 'x'::text AS tag FROM base;
CREATE VIEW v2 AS SELECT id, name FROM v1;
CREATE MATERIALIZED VIEW mv AS SELECT id, upper(name) AS name FROM base;
CREATE INDEX mv_id ON mv (id);
CREATE VIEW new_view AS SELECT count(*) AS n FROM v2;
