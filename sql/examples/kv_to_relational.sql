-- A generic key-value store holding six kinds of records as JSON, some of them invalid.
CREATE TABLE kv_store (
    key        text PRIMARY KEY,
    value      jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- 60 clients; every 17th has a malformed email, one has no name, one a bad id.
INSERT INTO kv_store (key, value)
SELECT 'client:' || md5('client' || g)::uuid,
       jsonb_build_object('id', md5('client' || g)::uuid,
                          'name', CASE WHEN g = 23 THEN '  ' ELSE 'Client ' || g END,
                          'email', CASE WHEN g % 17 = 0 THEN 'not-an-email' ELSE '  Client' || g || '@Example.com ' END,
                          'slug', 'client-' || g)
FROM generate_series(1, 60) g;
INSERT INTO kv_store (key, value) VALUES ('client:broken', '{"id": "not-a-uuid", "name": "Broken", "email": "b@example.com", "slug": "broken"}');

-- 180 catalogs; every 29th has a bad slug, every 31st points at a client that does not exist.
INSERT INTO kv_store (key, value)
SELECT 'catalog:' || md5('catalog' || g)::uuid,
       jsonb_build_object('id', md5('catalog' || g)::uuid,
                          'client_id', CASE WHEN g % 31 = 0 THEN md5('nobody' || g)::uuid ELSE md5('client' || (1 + g % 60))::uuid END,
                          'name', 'Catalog ' || g,
                          'slug', CASE WHEN g % 29 = 0 THEN 'Bad Slug!' ELSE 'catalog-' || g END)
FROM generate_series(1, 180) g;

-- 120 sites.
INSERT INTO kv_store (key, value)
SELECT 'site:' || md5('site' || g)::uuid,
       jsonb_build_object('id', md5('site' || g)::uuid, 'client_id', md5('client' || (1 + g % 60))::uuid,
                          'domain', 'site' || g || '.example.com')
FROM generate_series(1, 120) g;

-- 900 products, prices as strings.
INSERT INTO kv_store (key, value)
SELECT 'product:' || md5('product' || g)::uuid,
       jsonb_build_object('id', md5('product' || g)::uuid, 'catalog_id', md5('catalog' || (1 + g % 180))::uuid,
                          'name', 'Product ' || g, 'price', ((g % 1000) / 10.0)::text)
FROM generate_series(1, 900) g;

-- 240 employees; every 40th without a name.
INSERT INTO kv_store (key, value)
SELECT 'employee:' || md5('employee' || g)::uuid,
       jsonb_build_object('id', md5('employee' || g)::uuid, 'client_id', md5('client' || (1 + g % 60))::uuid,
                          'email', 'e' || g || '@example.com', 'name', CASE WHEN g % 40 = 0 THEN NULL ELSE 'Employee ' || g END)
FROM generate_series(1, 240) g;

-- 1500 orders; every 97th has quantity 0 (the target forbids it).
INSERT INTO kv_store (key, value)
SELECT 'order:' || md5('order' || g)::uuid,
       jsonb_build_object('id', md5('order' || g)::uuid, 'product_id', md5('product' || (1 + g % 900))::uuid,
                          'quantity', CASE WHEN g % 97 = 0 THEN 0 ELSE 1 + g % 5 END)
FROM generate_series(1, 1500) g;

-- Other application data the migration leaves alone.
INSERT INTO kv_store (key, value) SELECT 'setting:' || g, jsonb_build_object('value', g) FROM generate_series(1, 20) g;
