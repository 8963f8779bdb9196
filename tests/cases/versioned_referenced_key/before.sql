CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL);
INSERT INTO users (name) SELECT 'user ' || g FROM generate_series(1, 40) g;
CREATE TABLE orders (
    id serial PRIMARY KEY,
    user_id integer NOT NULL CONSTRAINT orders_user_id_fkey REFERENCES users ON DELETE CASCADE,
    total numeric NOT NULL
);
INSERT INTO orders (user_id, total) SELECT g % 40 + 1, g FROM generate_series(1, 120) g;
-- A table the spec does not name, whose key points at users.id too.
CREATE TABLE audit (at timestamptz NOT NULL DEFAULT now(), user_id integer CONSTRAINT audit_user_id_fkey REFERENCES users);
INSERT INTO audit (user_id) SELECT g FROM generate_series(1, 10) g;
