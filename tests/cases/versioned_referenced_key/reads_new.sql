SELECT pg_typeof(user_id) = 'bigint'::regtype FROM orders LIMIT 1;
SELECT count(*) = 0 FROM orders o WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = o.user_id);
