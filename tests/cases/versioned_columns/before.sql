CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  status text,
  balance text NOT NULL DEFAULT '0.00'
);
INSERT INTO accounts (email, status, balance)
SELECT 'user' || g || '@example.com', CASE WHEN g % 3 = 0 THEN NULL ELSE 'active' END, to_char(g * 1.5, 'FM999990.00')
FROM generate_series(1, 300) g;
-- The application's own views over the changed columns (one over another) and an index on
-- one: at contract the views read the new columns, and the index (built on the new column
-- beforehand) takes the old one's name.
CREATE VIEW active_accounts AS SELECT id, status, balance FROM accounts WHERE status = 'active';
CREATE VIEW active_ids AS SELECT id FROM active_accounts;
CREATE INDEX accounts_status_idx ON accounts (lower(status)) INCLUDE (balance);
