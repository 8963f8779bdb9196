-- The rows stay where they were, whichever side of the change.
SELECT count(*) = 2 FROM events;
SELECT EXISTS (SELECT 1 FROM events_2024 WHERE id = 1);
