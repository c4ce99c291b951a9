-- The floor's one small table (bench/floor/worker.ts), with 1,000 rows to read.
CREATE TABLE floor_items (id INTEGER PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL);
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000)
INSERT INTO floor_items (id, body, created_at) SELECT n, 'floor row ' || n, 1795000000000 FROM s;
