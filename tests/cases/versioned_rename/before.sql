CREATE TABLE users (
  id bigserial PRIMARY KEY,
  mail text NOT NULL,
  score text
);
INSERT INTO users (mail, score)
SELECT 'User' || g || '@Example.com', (g % 7)::text FROM generate_series(1, 200) g;
