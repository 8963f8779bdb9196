-- New values at the start, between old ones (two in a row) and at the end: each added in
-- its place (two in a row used to land in reverse order; issue 11).
CREATE TYPE e AS ENUM ('z', 'a', 'b', 'c', 'd', 'x');
