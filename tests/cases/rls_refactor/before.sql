DO $$ BEGIN CREATE ROLE ps_tenant_a; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE posts (id bigint PRIMARY KEY, tenant text NOT NULL, title text NOT NULL, body text);
INSERT INTO posts SELECT g, CASE WHEN g % 2 = 0 THEN 'ps_tenant_a' ELSE 'b' END, 'post ' || g, 'body ' || g
FROM generate_series(1, 20) g;
ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_posts ON posts USING (tenant = current_user);
GRANT SELECT ON posts TO ps_tenant_a;
