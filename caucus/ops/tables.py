"""Every table as JSON lines, portable between SQLite and PostgreSQL, stored values unchanged.

Values are read with the database backend's converters and the fields' own ones, except those
of a project field such as EncryptedTextField: it is read and written as the built-in field it
stores as (a TextField), so encrypted emails stay ciphertext in the archive and in the restored
database. Models are the historical ones of the migrations applied, so an archive restores into
the schema it was taken from.
"""

import base64
import datetime
import json
import uuid
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, TextIO

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django.utils.duration import duration_iso_string

BATCH = 1000


def dumped_models(state_apps) -> list[type[Model]]:
    """The models that own a table (M2M tables included), in a stable order."""
    seen: dict[str, type[Model]] = {}
    for model in state_apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in seen:
            seen[meta.db_table] = model
    return [seen[table] for table in sorted(seen)]


def _builtin_class(field: Field) -> type[Field]:
    for cls in type(field).__mro__:
        if cls.__module__.startswith("django.db.models"):
            return cls
    raise TypeError(f"{field!r} is not a Django field")


def storage_field(field: Field) -> Field:
    """The built-in field whose conversions match what the column stores."""
    stored = field.get_col(field.model._meta.db_table).output_field
    builtin = _builtin_class(stored)
    if type(stored) is builtin:
        return stored
    _, _, args, kwargs = stored.deconstruct()
    surrogate = builtin(*args, **kwargs)
    surrogate.set_attributes_from_name(stored.name)
    surrogate.model = stored.model
    return surrogate


def _encode(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


class Table:
    """One model's table: its columns and how each value travels in and out."""

    def __init__(self, connection: BaseDatabaseWrapper, model: type[Model]) -> None:
        self.connection = connection
        self.model = model
        self.name = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.columns = [field.column for field in self.fields]
        self.storage = [storage_field(field) for field in self.fields]
        self.pk_column = model._meta.pk.column
        quote = connection.ops.quote_name
        self.quoted = quote(self.name)
        self.column_list = ", ".join(quote(column) for column in self.columns)

    def _converters(self) -> list[tuple[Any, list]]:
        """(column expression, converters) per column, as the ORM would apply them."""
        converters = []
        for field in self.storage:
            col = field.get_col(self.name)
            backend = self.connection.ops.get_db_converters(col)
            converters.append((col, [*backend, *field.get_db_converters(self.connection)]))
        return converters

    def _pages(self) -> Iterator[list[tuple]]:
        """Rows in primary-key order, a page at a time, so memory stays flat on large tables."""
        quote = self.connection.ops.quote_name
        pk_index = self.columns.index(self.pk_column)
        select = f"SELECT {self.column_list} FROM {self.quoted}"  # noqa: S608 — names from models
        order = f" ORDER BY {quote(self.pk_column)} LIMIT {BATCH}"
        where, params = "", []
        with self.connection.cursor() as cursor:
            while True:
                cursor.execute(select + where + order, params)
                rows = cursor.fetchall()
                if not rows:
                    return
                yield rows
                where, params = f" WHERE {quote(self.pk_column)} > %s", [rows[-1][pk_index]]

    def export(self, out: TextIO) -> int:
        header = {"table": self.name, "model": self.model._meta.label, "columns": self.columns}
        out.write(json.dumps(header) + "\n")
        converters = self._converters()
        count = 0
        for rows in self._pages():
            for row in rows:
                values = []
                for value, (col, functions) in zip(row, converters, strict=True):
                    for convert in functions:
                        value = convert(value, col, self.connection)
                    values.append(_encode(value))
                out.write(json.dumps(values, ensure_ascii=False) + "\n")
                count += 1
        return count

    def load(self, lines: Iterable[str]) -> int:
        """Insert the rows of an exported table (the table must be empty)."""
        iterator = iter(lines)
        header = json.loads(next(iterator))
        if header.get("table") != self.name or header.get("columns") != self.columns:
            raise ValueError(f"{self.name}: the archive's columns differ from the schema")
        placeholders = ", ".join(["%s"] * len(self.columns))
        insert = f"INSERT INTO {self.quoted} ({self.column_list}) VALUES ({placeholders})"  # noqa: S608
        count, batch = 0, []
        with self.connection.cursor() as cursor:
            for line in iterator:
                batch.append(self._prepare(json.loads(line)))
                if len(batch) == BATCH:
                    cursor.executemany(insert, batch)
                    count, batch = count + len(batch), []
            if batch:
                cursor.executemany(insert, batch)
                count += len(batch)
        return count

    def _prepare(self, values: list) -> list:
        prepared = []
        for value, field in zip(values, self.storage, strict=True):
            if value is not None:
                value = field.get_db_prep_save(field.to_python(value), self.connection)
            prepared.append(value)
        return prepared

    def count(self) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {self.quoted}")  # noqa: S608
            return cursor.fetchone()[0]

    def delete_all(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.quoted}")  # noqa: S608
