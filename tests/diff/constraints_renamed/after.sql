CREATE TABLE p (id int CONSTRAINT p_key PRIMARY KEY, n int CONSTRAINT p_n_check CHECK (n > 0));
CREATE TABLE c (id int PRIMARY KEY, p_id int CONSTRAINT c_parent REFERENCES p (id));
COMMENT ON CONSTRAINT p_n_check ON p IS 'no zero';
