CREATE TABLE p (id int PRIMARY KEY, code text NOT NULL, n int);
CREATE UNIQUE INDEX p_code_key ON p (code);
CREATE INDEX p_positive_n ON p (n) WHERE n > 0;
COMMENT ON INDEX p_positive_n IS 'positive';
CREATE TABLE c (id int PRIMARY KEY, p_code text REFERENCES p (code));
