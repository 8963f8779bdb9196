-- ...and so are the new application's, in the old form.
SELECT count(*) = 1 FROM users WHERE mail = 'new@example.com' AND score = '42';
SELECT score = '3' FROM users WHERE id = 2;
