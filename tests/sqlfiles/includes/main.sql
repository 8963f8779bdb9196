-- The objects of ../any_order/ordered.sql, spread over included files (issue 11).
CREATE SCHEMA app;
\ir parts/functions.sql
\ir 'parts/tables.sql'
CREATE VIEW app.active AS SELECT id, name FROM app.accounts WHERE positive_id(id);
COMMENT ON VIEW app.active IS 'accounts that are active';
