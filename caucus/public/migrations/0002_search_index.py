"""Full-text search over publications: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""

from django.db import migrations

from caucus.public.migrations import _search_sql

SQLITE = [
    "CREATE VIRTUAL TABLE public_publication_fts USING fts5(title, teaser, body, "
    "content='public_publication', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    *_search_sql.SQLITE_TRIGGERS,
]
SQLITE_REVERSE = [*_search_sql.SQLITE_TRIGGERS_DROP, "DROP TABLE public_publication_fts"]

# Each item is stemmed in its own language, and also indexed word for word ('simple'), so a
# query in any language finds exact words and a query in the item's language finds stems.
POSTGRES = [
    """CREATE FUNCTION public_search_config(lang text) RETURNS regconfig AS $$
    SELECT (CASE lang WHEN 'en' THEN 'english' WHEN 'es' THEN 'spanish' WHEN 'tr' THEN 'turkish'
      WHEN 'el' THEN 'greek' WHEN 'it' THEN 'italian' WHEN 'pt' THEN 'portuguese'
      WHEN 'ar' THEN 'arabic' WHEN 'fr' THEN 'french' WHEN 'de' THEN 'german'
      WHEN 'ru' THEN 'russian' WHEN 'ca' THEN 'catalan' ELSE 'simple' END)::regconfig
    $$ LANGUAGE sql IMMUTABLE""",
    "ALTER TABLE public_publication ADD COLUMN search_vector tsvector",
    """CREATE FUNCTION public_publication_tsv() RETURNS trigger AS $$ BEGIN
      NEW.search_vector :=
        setweight(to_tsvector(public_search_config(NEW.language), NEW.title), 'A')
        || setweight(to_tsvector(public_search_config(NEW.language),
                                 NEW.teaser || ' ' || NEW.body), 'B')
        || setweight(to_tsvector('simple', NEW.title || ' ' || NEW.teaser || ' ' || NEW.body),
                     'C');
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER public_publication_tsv BEFORE INSERT OR UPDATE ON public_publication "
    "FOR EACH ROW EXECUTE FUNCTION public_publication_tsv()",
    "CREATE INDEX public_publication_search ON public_publication USING GIN (search_vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX public_publication_search",
    "DROP TRIGGER public_publication_tsv ON public_publication",
    "DROP FUNCTION public_publication_tsv()",
    "ALTER TABLE public_publication DROP COLUMN search_vector",
    "DROP FUNCTION public_search_config(text)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("public", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
