CREATE TABLE orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL,
  total integer NOT NULL,
  CONSTRAINT orders_total_check CHECK (total >= 0),
  CONSTRAINT orders_cust_key UNIQUE (customer_id, id)
);
INSERT INTO orders SELECT g, g % 7, g * 3 FROM generate_series(1, 50) g;
