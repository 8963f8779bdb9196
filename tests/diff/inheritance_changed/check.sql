-- The rows stay with their tables, whatever parents they have.
SELECT id = 1 AND extra = 'x' AND created IS NOT NULL FROM leaver;
SELECT id = 2 AND m = 7 AND created IS NOT NULL FROM mover;
SELECT id = 3 AND own = 'y' FROM merged;
