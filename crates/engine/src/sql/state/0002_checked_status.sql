-- State version 2: a migration's status is one of the values the executor writes, and the
-- state's own version is recorded (phaseshift.state_version, created by the upgrade).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                 WHERE conrelid = 'phaseshift.migrations'::regclass AND conname = 'migrations_status_check') THEN
    ALTER TABLE phaseshift.migrations
      ADD CONSTRAINT migrations_status_check CHECK (status IN ('applying', 'applied', 'failed'));
  END IF;
END
$$;
