CREATE TABLE sales (id integer, region text, amount numeric);
CREATE FUNCTION add_amount(state numeric, x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT state + x $$;
CREATE FUNCTION halve(state numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT state / 2 $$;
CREATE FUNCTION halve_text(state numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT (state / 2)::text $$;
CREATE FUNCTION sub_amount(state numeric, x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT state - x $$;
CREATE FUNCTION count_step(state bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT state + 1 $$;
CREATE AGGREGATE total(numeric) (SFUNC = add_amount, STYPE = numeric, INITCOND = '0', FINALFUNC = halve,
                                 COMBINEFUNC = add_amount, PARALLEL = SAFE);
CREATE VIEW region_totals AS SELECT region, total(amount) AS sum FROM sales GROUP BY region;
CREATE AGGREGATE half_total(numeric) (SFUNC = add_amount, STYPE = numeric, FINALFUNC = halve_text);
CREATE VIEW region_halves AS SELECT region, half_total(amount) AS half FROM sales GROUP BY region;
-- New: no arguments, a moving-aggregate form, and an ordered-set aggregate.
CREATE AGGREGATE row_count(*) (SFUNC = count_step, STYPE = bigint, INITCOND = '0');
CREATE AGGREGATE moving_total(numeric) (SFUNC = add_amount, STYPE = numeric, INITCOND = '0',
                                        MSFUNC = add_amount, MINVFUNC = sub_amount, MSTYPE = numeric, MINITCOND = '0');
CREATE AGGREGATE first_ordered(numeric ORDER BY numeric) (SFUNC = add_amount, STYPE = numeric);
COMMENT ON AGGREGATE total(numeric) IS 'sum of amounts, halved';
COMMENT ON AGGREGATE row_count(*) IS 'rows';
