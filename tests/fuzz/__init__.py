"""The seeded manuscript generator and the helpers that run and read builds, for the corpus and fuzz tests."""
