"""Write services of learning, one module per thing people do."""
