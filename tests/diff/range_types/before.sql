-- Range types, with the multirange type and constructors PostgreSQL makes with each.
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TABLE spans (id int, r floatrange);
CREATE TYPE unused_range AS RANGE (subtype = int4);
CREATE TYPE going_range AS RANGE (subtype = date);
COMMENT ON TYPE floatrange IS 'spans of floats';
