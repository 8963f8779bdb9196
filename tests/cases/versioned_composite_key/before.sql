CREATE TABLE lines (order_id integer NOT NULL, line_no smallint NOT NULL, qty integer NOT NULL, PRIMARY KEY (order_id, line_no));
INSERT INTO lines SELECT g / 3, (g % 3)::smallint, g FROM generate_series(3, 3000) g;
CREATE TABLE notes (order_id integer, line_no smallint, body text, FOREIGN KEY (order_id, line_no) REFERENCES lines);
INSERT INTO notes SELECT g / 3, (g % 3)::smallint, 'n' FROM generate_series(3, 300) g;
