-- Two scrapers' tables that hold the same kind of rows, and two obsolete tables.
CREATE TABLE instagram_posts_scraped (
    id         bigserial PRIMARY KEY,
    handle     text NOT NULL,
    caption    text,
    likes      integer NOT NULL DEFAULT 0,
    scraped_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE instagram_posts_imported (
    id          bigserial PRIMARY KEY,
    handle      text NOT NULL,
    caption     text,
    likes       integer NOT NULL DEFAULT 0,
    imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE content_generations (id serial PRIMARY KEY, prompt text NOT NULL, output text);
CREATE TABLE hashtag_analytics (tag text PRIMARY KEY, uses integer NOT NULL DEFAULT 0);

INSERT INTO instagram_posts_scraped (handle, caption, likes, scraped_at)
SELECT 'handle' || (g % 40), 'caption ' || g, g % 500, timestamptz '2025-03-01' + g * interval '10 minutes'
FROM generate_series(1, 1500) g;
INSERT INTO instagram_posts_imported (handle, caption, likes, imported_at)
SELECT 'handle' || (g % 40), 'imported ' || g, g % 300, timestamptz '2025-04-01' + g * interval '10 minutes'
FROM generate_series(1, 1200) g;
INSERT INTO content_generations (prompt, output) SELECT 'prompt ' || g, 'output ' || g FROM generate_series(1, 100) g;
INSERT INTO hashtag_analytics SELECT 'tag' || g, g FROM generate_series(1, 100) g;
