-- Tables made tables of a type, whose columns must first be made the type's attributes:
-- one more column, one fewer, another type, and the attributes in another order.
CREATE TYPE pos AS (x double precision, y double precision);
CREATE TABLE extra (x double precision, y double precision, z integer);
CREATE TABLE fewer (x double precision);
CREATE TABLE other_type (x real, y real);
INSERT INTO extra VALUES (1, 2, 3);
INSERT INTO fewer VALUES (4);
INSERT INTO other_type VALUES (5.5, 6.5);
-- A typed table made ordinary, given a column of its own in the same change.
CREATE TYPE tag AS (label text);
CREATE TABLE tags OF tag;
INSERT INTO tags VALUES ('red');
-- A table of one type made a table of another with the same attributes.
CREATE TYPE v1 AS (a integer);
CREATE TYPE v2 AS (a integer);
CREATE TABLE switched OF v1;
