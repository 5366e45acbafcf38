"""Learning: courses (慕课) from providers, their lessons, reading lists and quizzes;
the classes district libraries run of them (市民社区大学), enrolment, attendance,
progress and certificates."""
