CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE accounts (
    id integer PRIMARY KEY,
    handle text,
    score integer DEFAULT 0,
    note varchar(20),
    flag boolean
);
INSERT INTO accounts SELECT g, 'user' || g, g, 'n' || g, g % 2 = 0 FROM generate_series(1, 100) g;
CREATE TABLE orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id integer,
    total numeric(10,2) NOT NULL DEFAULT 0,
    old_col text
);
INSERT INTO orders (account_id, total, old_col) SELECT (g % 100) + 1, g, 'x' FROM generate_series(1, 300) g;
CREATE INDEX orders_total_idx ON orders (total);
CREATE TABLE obsolete (id int PRIMARY KEY, payload text);
INSERT INTO obsolete VALUES (1, 'keep me');
CREATE VIEW old_view AS SELECT id FROM accounts;
ALTER TABLE accounts ADD CONSTRAINT accounts_score_check CHECK (score >= 0);
