CREATE TABLE orders (id bigint PRIMARY KEY, status text, region text);
CREATE TABLE customers (id bigint PRIMARY KEY, email text);
CREATE TABLE audit (id bigint PRIMARY KEY);
CREATE SCHEMA reporting;
CREATE TABLE reporting.daily (day date PRIMARY KEY);
CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric);

CREATE PUBLICATION cdc FOR TABLE orders, invoices WITH (publish = 'insert, update, delete, truncate', publish_via_partition_root = true);
COMMENT ON PUBLICATION cdc IS 'to the warehouse, with invoices';
CREATE PUBLICATION everything FOR TABLE customers;
CREATE PUBLICATION filtered FOR TABLE orders (id, status) WHERE (status <> 'cancelled') WITH (publish = 'insert');
CREATE PUBLICATION emptied;
-- New: a schema published whole.
CREATE PUBLICATION by_schema FOR TABLES IN SCHEMA reporting;
