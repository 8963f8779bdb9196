CREATE TABLE docs (id integer, title text, body text, tags text[], created timestamptz, score integer);
CREATE INDEX docs_title_idx ON docs (title);
CREATE INDEX docs_old_idx ON docs (score);
CREATE INDEX docs_changed_idx ON docs (created);
