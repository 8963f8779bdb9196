-- The rows are kept (the dropped column's values aside).
SELECT x = 1 AND y = 2 FROM extra;
SELECT x = 4 FROM fewer;
SELECT x = 5.5 AND y = 6.5 FROM other_type;
SELECT label = 'red' FROM tags;
