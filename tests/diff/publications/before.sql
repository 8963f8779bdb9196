CREATE TABLE orders (id bigint PRIMARY KEY, status text, region text);
CREATE TABLE customers (id bigint PRIMARY KEY, email text);
CREATE TABLE audit (id bigint PRIMARY KEY);
CREATE SCHEMA reporting;
CREATE TABLE reporting.daily (day date PRIMARY KEY);

-- Its tables and what it publishes change; its comment too.
CREATE PUBLICATION cdc FOR TABLE orders, customers WITH (publish = 'insert, update, delete');
COMMENT ON PUBLICATION cdc IS 'to the warehouse';
-- From all tables to a list: created again.
CREATE PUBLICATION everything FOR ALL TABLES;
-- Dropped.
CREATE PUBLICATION old_pub FOR TABLE audit;
-- Its row filter changes, and it gets a column list.
CREATE PUBLICATION filtered FOR TABLE orders WHERE (status <> 'draft') WITH (publish = 'insert');
-- Left with no table.
CREATE PUBLICATION emptied FOR TABLE audit;
