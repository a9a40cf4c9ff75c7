"""Pure-Python domain layer: case model, vocabularies, validation and derived values."""
