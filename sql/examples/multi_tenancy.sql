-- A single-tenant application: users and their projects.
CREATE TABLE users (
    id    bigserial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name  text
);

CREATE TABLE projects (
    id       bigserial PRIMARY KEY,
    owner_id bigint NOT NULL REFERENCES users (id),
    title    text NOT NULL,
    archived boolean NOT NULL DEFAULT false
);

INSERT INTO users (email, name) SELECT 'user' || g || '@example.com', 'User ' || g FROM generate_series(1, 500) g;
INSERT INTO projects (owner_id, title, archived)
SELECT (g % 500) + 1, 'project ' || g, g % 10 = 0 FROM generate_series(1, 2000) g;
