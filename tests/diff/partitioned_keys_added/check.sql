-- The rows stay (after the script, after apply, after the rollback).
SELECT count(*) = 2 FROM m;
