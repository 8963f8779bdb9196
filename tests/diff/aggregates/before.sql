CREATE TABLE sales (id integer, region text, amount numeric);
CREATE FUNCTION add_amount(state numeric, x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT state + x $$;
CREATE FUNCTION halve(state numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT state / 2 $$;
CREATE FUNCTION old_step(state integer, x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT state + 1 $$;
-- Changed in place: a new initial value and a final function.
CREATE AGGREGATE total(numeric) (SFUNC = add_amount, STYPE = numeric);
CREATE VIEW region_totals AS SELECT region, total(amount) AS sum FROM sales GROUP BY region;
-- Its result type changes: dropped and created again, with the view that uses it.
CREATE AGGREGATE half_total(numeric) (SFUNC = add_amount, STYPE = numeric, FINALFUNC = halve);
CREATE VIEW region_halves AS SELECT region, half_total(amount) AS half FROM sales GROUP BY region;
-- Dropped, and its support function after it.
CREATE AGGREGATE tally(integer) (SFUNC = old_step, STYPE = integer, INITCOND = '0');
COMMENT ON AGGREGATE total(numeric) IS 'sum of amounts';
