CREATE TABLE prices (id integer PRIMARY KEY, price text NOT NULL);
INSERT INTO prices SELECT g, to_char(g * 1.25, 'FM999999990.00') FROM generate_series(1, 200) g;
