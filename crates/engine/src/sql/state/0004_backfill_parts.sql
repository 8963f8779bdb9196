-- State version 4: a backfill's checkpoint records the last key it copies up to, so that a
-- backfill split into key ranges for parallel workers (one checkpoint row a range, named
-- `<backfill>#part<N>`) resumes each range within the same bounds.
ALTER TABLE phaseshift.backfill_progress ADD COLUMN IF NOT EXISTS upper_key text[];
