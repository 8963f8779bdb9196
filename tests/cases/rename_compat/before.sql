CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL, price_cents integer);
INSERT INTO items (name, price_cents) SELECT 'item ' || g, g FROM generate_series(1, 100) g;
