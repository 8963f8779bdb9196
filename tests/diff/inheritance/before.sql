CREATE TABLE base (id integer, created timestamptz DEFAULT now(), legacy text);
CREATE TABLE child_a (a integer) INHERITS (base);
CREATE TABLE other_parent (note text);
CREATE TABLE child_b (b integer) INHERITS (base);
