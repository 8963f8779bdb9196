CREATE TABLE "Old Table" ("Id" int PRIMARY KEY, "select" text);
INSERT INTO "Old Table" VALUES (1, 'a'), (2, 'b');
