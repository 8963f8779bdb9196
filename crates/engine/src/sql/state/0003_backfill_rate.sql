-- State version 3: a backfill's checkpoint also records the total it expects and its
-- current rate, so that `status` in another terminal shows how far it is and how long it
-- has to go.
ALTER TABLE phaseshift.backfill_progress ADD COLUMN IF NOT EXISTS estimate bigint;
ALTER TABLE phaseshift.backfill_progress ADD COLUMN IF NOT EXISTS rows_per_sec bigint;
