-- SQL-standard bodies record what they call: a routine they call cannot be dropped under
-- them, so renaming its parameters (a drop and a create) takes its callers along.
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN x + 1;
CREATE FUNCTION add_two(x integer) RETURNS integer LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT add_one(add_one(x)); END;
CREATE FUNCTION add_four(x integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN add_two(add_two(x));
CREATE FUNCTION untouched(x integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN x;
CREATE VIEW fours AS SELECT g, add_four(g) AS four FROM generate_series(1, 3) g;
GRANT EXECUTE ON FUNCTION add_two(integer) TO PUBLIC;
