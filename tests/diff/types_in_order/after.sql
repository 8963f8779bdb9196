-- A domain whose check calls a function, a domain over an enum, a composite type over both:
-- each created after what it needs, whatever the kinds' usual order (domains used to come
-- before functions; issue 11).
CREATE TABLE keep (id int);
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN happy_mood AS mood CHECK (VALUE <> 'sad');
CREATE FUNCTION is_even(integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 % 2 = 0';
CREATE DOMAIN even_int AS integer CHECK (is_even(VALUE));
CREATE TABLE uses (m happy_mood, e even_int);
CREATE TYPE pair AS (a even_int, b mood);
