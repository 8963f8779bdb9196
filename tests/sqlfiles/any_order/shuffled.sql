-- The objects of ordered.sql, each written before what it needs (issue 11).
CREATE VIEW app.active AS SELECT id, name FROM app.accounts WHERE positive_id(id);
COMMENT ON VIEW app.active IS 'accounts that are active';
CREATE TABLE app.orders (id int PRIMARY KEY, account int REFERENCES app.accounts (id), amount app.money_amount);
CREATE DOMAIN app.money_amount AS numeric CHECK (positive_num(VALUE));
CREATE TABLE app.accounts (id int PRIMARY KEY, name text);
CREATE FUNCTION positive_num(numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0';
CREATE FUNCTION positive_id(int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0';
CREATE SCHEMA app;
