CREATE TABLE base (id integer NOT NULL, created timestamptz DEFAULT now());
CREATE TABLE other_base (id integer NOT NULL, note text);
-- Leaves its parent, keeping the columns it had from it.
CREATE TABLE leaver (extra text) INHERITS (base);
-- Moves from one parent to another that shares a column with the first.
CREATE TABLE mover (m integer) INHERITS (base);
-- Declares a column of its parent itself too (merged): keeps it when it leaves.
CREATE TABLE merged (id integer NOT NULL, own text) INHERITS (base);
INSERT INTO leaver VALUES (1, now(), 'x');
INSERT INTO mover VALUES (2, now(), 7);
INSERT INTO merged VALUES (3, now(), 'y');
