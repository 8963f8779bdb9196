CREATE TYPE floatrange AS RANGE (subtype = float8);
COMMENT ON TYPE floatrange IS 'half-open spans of floats';
CREATE TABLE spans (id int, r floatrange, rs floatmultirange);
-- Defined otherwise while nothing uses it: dropped and created again.
CREATE TYPE unused_range AS RANGE (subtype = int8, multirange_type_name = unused_ranges);
CREATE FUNCTION time_diff(a time, b time) RETURNS float8 LANGUAGE sql IMMUTABLE RETURN extract(epoch FROM a - b);
CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_diff);
CREATE TABLE shifts (id int, during timerange);
GRANT USAGE ON TYPE timerange TO PUBLIC;
