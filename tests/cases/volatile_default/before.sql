CREATE TABLE orders (id serial PRIMARY KEY, total_cents integer NOT NULL);
INSERT INTO orders (total_cents) SELECT g * 10 FROM generate_series(1, 500) g;
