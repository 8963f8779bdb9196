-- State version 1: phaseshift's own bookkeeping as release 0.1.0 created it, in the
-- database it migrates. Idempotent, so that it adopts the state an earlier release wrote
-- (which kept no version). Never edited once released: changes go in a new file.
CREATE SCHEMA IF NOT EXISTS phaseshift;

CREATE TABLE IF NOT EXISTS phaseshift.migrations (
    name          text PRIMARY KEY,
    seq           bigint GENERATED ALWAYS AS IDENTITY,
    checksum      text NOT NULL,          -- sha256 of the spec file
    spec          text NOT NULL,          -- the spec as applied, to show what changed
    plan          jsonb NOT NULL,         -- the plan fixed at first apply: resume and rollback use it
    phase_count   integer NOT NULL,
    applied_phase integer NOT NULL DEFAULT 0,  -- last phase completed
    status        text NOT NULL,          -- applying | applied | failed
    last_error    text,
    started_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS phaseshift.steps (
    migration   text NOT NULL REFERENCES phaseshift.migrations (name) ON DELETE CASCADE,
    phase       integer NOT NULL,
    step        integer NOT NULL,
    description text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (migration, phase, step)
);

CREATE TABLE IF NOT EXISTS phaseshift.history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    migration   text NOT NULL,
    phase       integer NOT NULL,
    kind        text NOT NULL,
    action      text NOT NULL,            -- apply | rollback
    statements  integer NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);

-- Backfill checkpoints: the last source key copied, in the transaction of each batch.
CREATE TABLE IF NOT EXISTS phaseshift.backfill_progress (
    migration  text NOT NULL,
    backfill   text NOT NULL,             -- source>target id
    target     text NOT NULL,
    last_key   text[],
    rows_done  bigint NOT NULL DEFAULT 0,
    rows_rejected bigint NOT NULL DEFAULT 0,
    done       boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (migration, backfill)
);

-- Source rows that could not be copied, with the reason; written by backfills and sync
-- triggers alike.
CREATE TABLE IF NOT EXISTS phaseshift.quarantine (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    migration  text,
    target     text NOT NULL,
    source_key text NOT NULL,
    rule       text NOT NULL,
    value      text,
    reason     text NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);

-- Keys of old rows the new application wrote after contract (logged by triggers on the new
-- tables), so that undoing the contract carries those writes back to the old table.
CREATE TABLE IF NOT EXISTS phaseshift.after_contract (
    migration  text NOT NULL,
    view       text NOT NULL,
    key        text[] NOT NULL,
    PRIMARY KEY (migration, view, key)
);

-- The triggers that log those keys, with the archived table they serve: purge drops the
-- ones whose archived table it dropped.
CREATE TABLE IF NOT EXISTS phaseshift.contract_logs (
    trigger    text NOT NULL,
    target     text NOT NULL,             -- the table it is on, quoted and qualified
    function   text NOT NULL,             -- quoted and qualified
    archive    text NOT NULL,             -- the archived table, quoted and qualified
    PRIMARY KEY (trigger, target)
);

-- Rows written again are judged again: the sync trigger looks up a key's quarantined rows.
-- Created only when missing: CREATE INDEX IF NOT EXISTS would still wait for a SHARE lock
-- on the table, behind every open transaction whose write went through a sync trigger.
DO $$
BEGIN
  IF to_regclass('phaseshift.quarantine_key_idx') IS NULL THEN
    CREATE INDEX quarantine_key_idx ON phaseshift.quarantine (target, source_key);
  END IF;
  IF to_regclass('phaseshift.quarantine_migration_idx') IS NULL THEN
    CREATE INDEX quarantine_migration_idx ON phaseshift.quarantine (migration);
  END IF;
END
$$;
