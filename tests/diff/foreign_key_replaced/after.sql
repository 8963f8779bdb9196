-- Foreign keys whose definition changes: on a plain table the key is dropped and added back
-- NOT VALID in one brief step, then validated in a step no writer waits for; PostgreSQL
-- refuses NOT VALID foreign keys on a partitioned table, so there it is added in one
-- statement (issue 11).
CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE plain (id int, pid int CONSTRAINT plain_pid_fkey REFERENCES parent (id) ON DELETE SET NULL);
CREATE TABLE ev (id int, pid int, at date NOT NULL,
    CONSTRAINT ev_pid_fkey FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE)
    PARTITION BY RANGE (at);
CREATE TABLE ev_2026 PARTITION OF ev FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
