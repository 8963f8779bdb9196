CREATE TYPE e AS ENUM ('a', 'd');
