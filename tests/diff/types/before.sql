CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TYPE size AS ENUM ('s', 'm', 'l', 'xl');
CREATE TYPE unused AS ENUM ('a');
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE DOMAIN email AS text;
CREATE TYPE pair AS (a integer, b text);
CREATE TABLE t (m mood, s size DEFAULT 'm', p positive, e email, pr pair);
