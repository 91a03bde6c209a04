"""Running pipelines: planning shards, executors, the ledger and the summary."""
