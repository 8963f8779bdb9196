CREATE TYPE addr AS (street text, zip bigint, city text);
CREATE TABLE people (id int, home addr);
