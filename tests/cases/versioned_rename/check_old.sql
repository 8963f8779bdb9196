-- Back on the old shape after the rollback, the old application's writes are intact.
SELECT count(*) = 1 FROM users WHERE mail = 'Old@Example.com' AND score = '5';
SELECT score = '9' FROM users WHERE id = 1;
