CREATE TYPE priority AS ENUM ('low', 'high');
CREATE TABLE tickets (
  id serial PRIMARY KEY,
  title text NOT NULL,
  status text,
  prio priority NOT NULL DEFAULT 'low'
);
INSERT INTO tickets (title, status, prio)
SELECT 'ticket ' || g, CASE g % 3 WHEN 0 THEN 'open' WHEN 1 THEN 'closed' END, CASE WHEN g % 2 = 0 THEN 'high' ELSE 'low' END::priority
FROM generate_series(1, 60) g;
