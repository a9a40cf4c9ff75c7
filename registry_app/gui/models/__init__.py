"""Qt item models over the registry's services (ids and lazily fetched rows, never ORM objects)."""
