CREATE TYPE pos AS (x double precision, y double precision);
CREATE TABLE extra OF pos;
CREATE TABLE fewer OF pos;
CREATE TABLE other_type OF pos;
CREATE TYPE tag AS (label text);
CREATE TABLE tags (label text, color text);
CREATE TYPE v1 AS (a integer);
CREATE TYPE v2 AS (a integer);
CREATE TABLE switched OF v2;
