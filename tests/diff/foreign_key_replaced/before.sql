CREATE TABLE parent (id int PRIMARY KEY);
INSERT INTO parent VALUES (1), (2);
CREATE TABLE plain (id int, pid int CONSTRAINT plain_pid_fkey REFERENCES parent (id));
INSERT INTO plain VALUES (1, 1), (2, 2);
CREATE TABLE ev (id int, pid int, at date NOT NULL, CONSTRAINT ev_pid_fkey FOREIGN KEY (pid) REFERENCES parent (id))
    PARTITION BY RANGE (at);
CREATE TABLE ev_2026 PARTITION OF ev FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO ev VALUES (1, 1, '2026-03-01');
