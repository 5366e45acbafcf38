"""The expert panel and the published lists of China Reading: staff create a list,
its candidates come from a computed ranking and from experts' nominations, invited
experts declare conflicts and score in a round, the chair finalises and publishes."""
