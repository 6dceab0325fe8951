"""The SQLite triggers that keep the FTS5 index in step with public_publication.

Shared by the migrations: SQLite drops a table's triggers whenever Django rebuilds the table.
"""

SQLITE_TRIGGERS = [
    "CREATE TRIGGER public_publication_fts_ai AFTER INSERT ON public_publication BEGIN "
    "INSERT INTO public_publication_fts(rowid, title, teaser, body) "
    "VALUES (new.id, new.title, new.teaser, new.body); END",
    "CREATE TRIGGER public_publication_fts_ad AFTER DELETE ON public_publication BEGIN "
    "INSERT INTO public_publication_fts(public_publication_fts, rowid, title, teaser, body) "
    "VALUES ('delete', old.id, old.title, old.teaser, old.body); END",
    "CREATE TRIGGER public_publication_fts_au AFTER UPDATE ON public_publication BEGIN "
    "INSERT INTO public_publication_fts(public_publication_fts, rowid, title, teaser, body) "
    "VALUES ('delete', old.id, old.title, old.teaser, old.body); "
    "INSERT INTO public_publication_fts(rowid, title, teaser, body) "
    "VALUES (new.id, new.title, new.teaser, new.body); END",
]
SQLITE_TRIGGERS_DROP = [
    "DROP TRIGGER IF EXISTS public_publication_fts_au",
    "DROP TRIGGER IF EXISTS public_publication_fts_ad",
    "DROP TRIGGER IF EXISTS public_publication_fts_ai",
]
