CREATE TABLE customers (id serial PRIMARY KEY, fullname text NOT NULL, email text);
CREATE INDEX customers_fullname_idx ON customers (fullname);
INSERT INTO customers (fullname, email) SELECT 'customer ' || g, 'c' || g || '@example.com' FROM generate_series(1, 100) g;
