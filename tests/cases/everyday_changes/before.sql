CREATE TABLE customers (
    id integer NOT NULL,
    name text NOT NULL,
    email text,
    tier text CONSTRAINT customers_tier_check CHECK (tier IN ('basic', 'gold'))
);
COMMENT ON COLUMN customers.email IS 'Contact address';
INSERT INTO customers SELECT g, 'Name ' || g, 'c' || g || '@example.com', CASE WHEN g % 2 = 0 THEN 'gold' ELSE 'basic' END
FROM generate_series(1, 60) g;
CREATE TABLE rooms (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO rooms SELECT g, 'room ' || g FROM generate_series(1, 5) g;
CREATE TABLE bookings (
    id integer PRIMARY KEY,
    room_id integer NOT NULL CONSTRAINT bookings_room_id_fkey REFERENCES rooms,
    during tstzrange NOT NULL
);
INSERT INTO bookings
SELECT g, g % 5 + 1, tstzrange('2026-01-01'::timestamptz + g * interval '1 day', '2026-01-01'::timestamptz + (g + 1) * interval '1 day')
FROM generate_series(1, 40) g;
