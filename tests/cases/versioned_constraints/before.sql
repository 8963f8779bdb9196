CREATE TABLE teams (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO teams SELECT g, 'team ' || g FROM generate_series(1, 5) g;
CREATE TABLE users (id serial PRIMARY KEY, email text, team text);
INSERT INTO users (email, team)
SELECT CASE WHEN g % 2 = 0 THEN 'User' || g || '@Example.com' ELSE 'user' || g || '@example.com' END,
       CASE WHEN g % 4 = 0 THEN '' ELSE (g % 5 + 1)::text END
FROM generate_series(1, 80) g;
