-- Two tables that reference each other, both dropped: their foreign keys go first (it was
-- reported as a cycle; issue 11).
CREATE TABLE keep (id int);
