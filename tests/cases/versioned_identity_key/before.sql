CREATE TABLE tickets (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL);
INSERT INTO tickets (title) SELECT 'ticket ' || g FROM generate_series(1, 50) g;
