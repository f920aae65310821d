"""Knowledge control by computer testing (LMS-7, S2 §4.1–4.2): question banks, tests,
attempts that survive a dropped link or a restart, and exam tickets."""
