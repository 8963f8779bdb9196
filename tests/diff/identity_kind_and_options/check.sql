-- The rows keep their keys, and the sequence goes on from where it stood.
SELECT count(*) = 3 AND max(id) = 3 FROM t;
SELECT last_value = 3 FROM t_id_seq;
