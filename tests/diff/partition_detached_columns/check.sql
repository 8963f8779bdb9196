-- The rows stay where they were, whichever side of the change.
SELECT id = 1 FROM readings_2024;
SELECT EXISTS (SELECT 1 FROM readings WHERE id = 2);
