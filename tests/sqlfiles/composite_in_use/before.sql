CREATE TYPE addr AS (street text, zip int);
CREATE TABLE people (id int, home addr);
