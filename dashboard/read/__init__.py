"""Read models: the in-memory picture and what each screen needs (data, no I/O in figures)."""
