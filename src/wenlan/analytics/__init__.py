"""The analytics layer: the platform's circulation and event attendance exported as
Parquet (partitioned by month and library, readers only by pseudonym), and the
aggregations that rankings, insights and assessment read, defined once in SQL and
run on DuckDB or Spark."""
