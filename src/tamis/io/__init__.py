"""Reading inputs into Documents and writing Documents into dataset shards."""
