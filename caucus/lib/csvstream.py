"""CSV downloads written row by row as they are read, with text cells a spreadsheet will not
run as formulas (the same prefix as the signatures' contacts export)."""

from collections.abc import Iterable, Iterator
from csv import writer as csv_writer

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text a spreadsheet would read as a formula gets a leading apostrophe; numbers, and
    None (an empty cell), stay as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


class _Echo:
    """A file whose write() hands back the line, so csv.writer yields instead of buffering."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    writer = csv_writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def csv_response(
    filename: str, header: list[str], rows: Iterable[Iterable[object]]
) -> StreamingHttpResponse:
    """A download of `rows` in constant memory: pass an iterator (QuerySet.iterator())."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
