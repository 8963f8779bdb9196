-- Back on the old shape after the rollback, the old application's writes are intact.
SELECT count(*) = 1 FROM accounts WHERE email = 'old@example.com' AND status IS NULL AND balance = '0.00';
SELECT balance = '2.50' FROM accounts WHERE id = 1;
SELECT status IS NULL FROM accounts WHERE id = 2;
