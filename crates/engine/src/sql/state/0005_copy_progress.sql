-- State version 5: `phaseshift copy` records each table it has copied into this database
-- (from which source database), in the same transaction as the rows, so that a copy cut
-- short resumes with the tables not yet copied.
CREATE TABLE IF NOT EXISTS phaseshift.copy_progress (
    source text NOT NULL,
    table_name text NOT NULL,
    rows bigint NOT NULL,
    copied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, table_name)
);
