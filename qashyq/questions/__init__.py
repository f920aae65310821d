"""Question banks of a course (LMS-2 control materials, LMS-7): questions of eight types
with categories, tags and learning outcomes, their grading, and the exchange formats
teachers bring (Moodle XML, GIFT, Aiken, Platonus; DOMAIN TST-1, TST-2)."""
