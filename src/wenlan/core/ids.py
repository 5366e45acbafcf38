"""Row ids as they arrive in addresses. A number too large for an id column can
name no row, and a database driver refuses to bind it (SQLite: "Python int too
large"), so it is turned away where it comes in: a page's address with one does
not match (404), and the API answers 422 as for any invalid parameter."""

from typing import Annotated

from django.urls import register_converter
from pydantic import Field

MAX_ROW_ID = 2**63 - 1  # a bigint column's largest value, and SQLite's INTEGER's
MIN_ROW_ID = -(2**63)  # and the smallest: a negative id names no row either, but binds

RowId = Annotated[int, Field(ge=MIN_ROW_ID, le=MAX_ROW_ID)]


class RowIdConverter:
    """`<id:name>` in a URL pattern: an integer that can be a row's id."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ROW_ID:
            raise ValueError("not a row id")  # the pattern does not match
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "id")  # once, when this module is first imported
