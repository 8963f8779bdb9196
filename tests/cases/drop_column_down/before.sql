CREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL, legacy_code text NOT NULL);
INSERT INTO products (name, legacy_code) SELECT 'product ' || g, 'L-' || g FROM generate_series(1, 100) g;
