-- Serial columns made identity columns and back, with rows: the values go on from where
-- the sequence stood (a new sequence starting at 1 would give taken keys), both ways and
-- on rollback; the identity's sequence takes the serial one's name.
CREATE TABLE s1 (id serial PRIMARY KEY, n text);
CREATE TABLE s2 (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n text);
CREATE TABLE s3 (id bigserial PRIMARY KEY, n text);
INSERT INTO s1 (n) SELECT 'x' FROM generate_series(1, 5);
INSERT INTO s2 (n) SELECT 'x' FROM generate_series(1, 7);
INSERT INTO s3 (n) SELECT 'x' FROM generate_series(1, 3);
