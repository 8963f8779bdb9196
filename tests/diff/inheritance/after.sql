CREATE TABLE base (id integer, created timestamptz DEFAULT now());
CREATE TABLE child_a (a integer, legacy text) INHERITS (base);
CREATE TABLE other_parent (note text);
CREATE TABLE child_b (b integer, note text) INHERITS (base, other_parent);
CREATE TABLE child_c (c integer CHECK (c > 0)) INHERITS (base);
