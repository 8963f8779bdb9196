CREATE TABLE base (id integer NOT NULL, created timestamptz DEFAULT now());
CREATE TABLE other_base (id integer NOT NULL, note text);
CREATE TABLE leaver (id integer NOT NULL, created timestamptz DEFAULT now(), extra text);
-- Its own column note is the new parent's too; id, from both parents, stays theirs.
CREATE TABLE mover (m integer, created timestamptz DEFAULT now(), note text) INHERITS (other_base);
CREATE TABLE merged (id integer NOT NULL, own text);
