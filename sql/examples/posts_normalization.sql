-- A monolithic posts table, to be split into core, content and insights tables.
CREATE TABLE users (
    id   bigint PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE posts (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id),
    title      text NOT NULL,
    body       text,
    status     text,
    likes      integer NOT NULL DEFAULT 0,
    views      integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX posts_user_id_idx ON posts (user_id);

INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 50) g;
INSERT INTO posts (user_id, title, body, status, likes, views, created_at)
SELECT (g % 50) + 1, 'post ' || g, repeat('text ', g % 20),
       CASE g % 4 WHEN 0 THEN NULL WHEN 1 THEN 'draft' ELSE 'published' END,
       g % 97, g % 1013, timestamptz '2025-01-01' + g * interval '1 hour'
FROM generate_series(1, 3000) g;
