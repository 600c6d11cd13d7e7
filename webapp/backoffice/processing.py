"""Processing: assignment to a specialist, transfers to another unit (liên thông), the queues' scope."""
