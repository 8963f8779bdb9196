SELECT count(*) = 11 FROM rooms;
