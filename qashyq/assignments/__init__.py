"""Assignments (S2 §4.2): tasks with deadlines, file and text submissions, rubric grading,
feedback and group work; written work is kept for the originality check."""
