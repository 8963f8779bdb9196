INSERT INTO rooms VALUES (11, 'room 11');
SELECT count(*) FROM rooms;
