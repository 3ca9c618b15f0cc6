"""The office's store in PostgreSQL (a city office: a million visits, several supervisors at once).

`store.PostgresStore` implements storage.backend.StoreBackend; `schema` creates and upgrades the
tables; `url` checks a database URL and connects, never showing its password; `migrate` moves a
TinyDB office into an empty database. docs/storage.md shows the schema.
"""
