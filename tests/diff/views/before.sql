CREATE TABLE base (id integer, name varchar(20), extra text);
CREATE VIEW v1 AS SELECT id, name FROM base;
CREATE VIEW v2 AS SELECT id, name FROM v1;
CREATE VIEW v_over_extra AS SELECT id, extra FROM base;
CREATE VIEW gone_view AS SELECT id FROM base;
CREATE MATERIALIZED VIEW mv AS SELECT id, name FROM base;
CREATE INDEX mv_id ON mv (id);
