CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  status text,
  balance text NOT NULL DEFAULT '0.00'
);
INSERT INTO accounts (email, status, balance)
SELECT 'user' || g || '@example.com', CASE WHEN g % 3 = 0 THEN NULL ELSE 'active' END, to_char(g * 1.5, 'FM999990.00')
FROM generate_series(1, 300) g;
