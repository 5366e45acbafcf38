"""China Reading (中国阅读): feeds from libraries, bookstores and publishers, works
grouping editions, and the ranking pipeline on the analytics engines (issue #14)."""
