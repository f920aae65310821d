"""The gradebook of the credit system (SIS-1; DOMAIN GRD-1…GRD-5, GPA-1, GPA-2): grade
items, the admission rating and the final grade, letter bands, GPA, the e-journal and the
transcript."""
