CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic');
CREATE TYPE size AS ENUM ('s', 'm', 'l');
CREATE DOMAIN positive AS integer CONSTRAINT positive_check CHECK (VALUE > 0) CONSTRAINT small CHECK (VALUE < 1000000) DEFAULT 1;
CREATE DOMAIN email AS text NOT NULL CHECK (VALUE LIKE '%@%');
CREATE TYPE pair AS (a integer, c date);
CREATE TYPE triple AS (x integer, y integer, z integer);
CREATE TABLE t (m mood, s size, p positive, e email, pr pair, tr triple);
