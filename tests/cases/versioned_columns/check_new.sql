-- ...and so are the new application's, in the old form.
SELECT count(*) = 1 FROM accounts WHERE email = 'new@example.com' AND status = 'draft' AND balance = '12.34';
SELECT status = 'closed' AND balance = '4.51' FROM accounts WHERE id = 3;
