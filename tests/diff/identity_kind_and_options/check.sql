-- The rows keep their keys, and the sequence goes on from where it stood.
SELECT count(*) = 3 AND max(id) = 3 FROM t;
SELECT last_value = 3 FROM t_id_seq;
-- A sequence that never gave a value stands at the start its options give, both ways.
SELECT NOT is_called AND last_value = (SELECT seqstart FROM pg_sequence WHERE seqrelid = 'fresh_volt_seq'::regclass) FROM fresh_volt_seq;
