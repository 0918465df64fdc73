"""Events as rows of a table: our columns, and a mapping from other people's column names.

The flat layout (``COLUMNS``) is the one ``timeline export --format csv`` writes and a table of
events (CSV, Parquet, a dataframe) is read in. Other people's tables name the same things
otherwise (ACLED's ``event_date``, a sheet's ``Date``); a ``ColumnMap`` says which of their
columns holds each of ours: ``--map start=event_date,kind=event_type`` on the command line,
``from_table(table, start="event_date", kind="event_type")`` in Python. The same mapping,
parsed and checked here, serves every reader of tables.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .errors import UnknownOption

COLUMNS = (
    "id",
    "title",
    "kind",
    "start",
    "end",
    "timezone",
    "approximate",
    "venue",
    "city",
    "country",
    "participants",
    "summary",
    "outcomes",
    "tags",
    "part_of",
    "follows",
    "responds_to",
    "notes",
    "sources",
)
"""Our columns, in the order ``timeline export --format csv`` writes them."""
PLACE_COLUMNS = ("venue", "city", "country")
"""The columns that hold an event's place in our table layout."""
HEADER_KEY = "timeline"
"""The key of a Parquet file's metadata that may hold its header (title, actors …), as JSON."""
REQUIRED = ("title", "start")
"""The columns a table needs (the others have defaults, or are made: ids from titles)."""

# What other tables call our columns, most likely first; used to suggest a mapping, never to
# apply one unasked.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("event_id", "event_id_cnty", "globaleventid", "uid", "unique_id", "key"),
    "title": ("headline", "name", "event", "subject", "summary", "notes", "description"),
    "kind": ("event_type", "type", "category", "sub_event_type", "eventcode", "event_code"),
    "start": ("event_date", "date", "start_date", "startdate", "begin", "sqldate", "when"),
    "end": ("end_date", "enddate", "finish", "until"),
    "timezone": ("tz", "zone", "time_zone"),
    "city": ("location", "place", "locality", "admin1", "actiongeo_fullname"),
    "country": ("country_code", "iso", "iso2", "actiongeo_countrycode", "countrycode"),
    "participants": ("actors", "actor1", "actor2", "attendees", "people"),
    "sources": ("source", "source_url", "sourceurl", "url", "link"),
    "tags": ("group", "groups", "labels", "keywords"),
}


def column_key(name: str) -> str:
    """A column's name as columns are compared: lower-case letters and digits only
    (``Start Date`` and ``start_date`` are both ``startdate``)."""
    return "".join(ch for ch in name.lower() if ch.isalnum())


_key = column_key


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which column of a table holds each of ours: ``{"start": "event_date", …}``.

    Our columns not named here are read from a column of their own name, when there is one.
    """

    columns: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str | None) -> ColumnMap:
        """A mapping written ``start=event_date,kind=event_type`` (the ``--map`` option).

        Raises ``UnknownOption`` for a pair that is not ``ours=theirs``, a column of ours that
        does not exist (with the one meant, when it is close), or a column of ours given twice.
        """
        found: dict[str, str] = {}
        for pair in (text or "").split(","):
            if not pair.strip():
                continue
            ours, sign, theirs = pair.partition("=")
            ours, theirs = ours.strip(), theirs.strip()
            if not sign or not ours or not theirs:
                raise UnknownOption(
                    f"--map: {pair.strip()!r} is not a pair; write OURS=THEIRS, e.g. "
                    "start=event_date,kind=event_type"
                )
            if ours in found:
                raise UnknownOption(f"--map: {ours!r} is mapped twice")
            found[ours] = theirs
        return cls.of(found)

    @classmethod
    def of(cls, columns: Mapping[str, str]) -> ColumnMap:
        """The mapping ``columns`` (ours → theirs), each of ours checked."""
        for ours in columns:
            if ours not in COLUMNS:
                close = difflib.get_close_matches(ours, COLUMNS, n=1, cutoff=0.6)
                hint = f" — did you mean {close[0]!r}?" if close else ""
                raise UnknownOption(
                    f"--map: {ours!r} is not a column of ours{hint} (ours: {', '.join(COLUMNS)})"
                )
        return cls(dict(columns))

    def source_of(self, ours: str) -> str:
        """The name of the column that holds ``ours`` (its own name unless mapped)."""
        return self.columns.get(ours, ours)

    def renamed(self, header: Iterable[str]) -> dict[str, str]:
        """Their column names → ours, for each column in ``header`` that holds one of ours.

        A column named in the mapping holds what it is mapped to, even when its name is one of
        ours (``title=notes`` reads ``notes`` as the title, and no notes).
        """
        taken = set(self.columns) | set(self.columns.values())
        wanted = {ours: ours for ours in COLUMNS if ours not in taken}
        wanted |= {theirs: ours for ours, theirs in self.columns.items()}
        return {name: wanted[name] for name in header if name in wanted}

    def missing(self, header: Iterable[str]) -> list[str]:
        """Mapped columns that ``header`` does not have (a typo in ``--map``, most likely)."""
        present = set(header)
        return [theirs for theirs in self.columns.values() if theirs not in present]


def suggest(ours: str, header: Iterable[str]) -> str | None:
    """Which of ``header``'s columns probably holds ``ours``, when none is named so."""
    by_key = {_key(name): name for name in header}
    for candidate in (ours, *_SYNONYMS.get(ours, ())):
        if _key(candidate) in by_key:
            return by_key[_key(candidate)]
    return None


def missing_column_message(ours: str, header: Iterable[str]) -> str:
    """``no 'start' column; found 'event_date' — use --map start=event_date``, or what the
    table would need when nothing in it looks like ``ours``."""
    columns = list(header)
    found = suggest(ours, columns)
    if found is not None:
        return f"no {ours!r} column; found {found!r} — use --map {ours}={found}"
    shown = ", ".join(repr(c) for c in columns[:12]) + (" …" if len(columns) > 12 else "")
    return (
        f"no {ours!r} column (the columns are {shown}); "
        f"name the one that holds it: --map {ours}=COLUMN"
    )


def kind_map(text: str | None) -> dict[str, str]:
    """Their kinds → ours, written ``Protests=other,Battles=other,*=other`` (``--kinds``); ``*``
    stands for every value not named. Raises ``UnknownOption`` for a pair that is not
    ``THEIRS=OURS`` or a kind of ours that does not exist."""
    from .models import Kind

    ours = [kind.value for kind in Kind]
    found: dict[str, str] = {}
    for pair in (text or "").split(","):
        if not pair.strip():
            continue
        theirs, sign, mine = pair.rpartition("=")
        theirs, mine = theirs.strip(), mine.strip()
        if not sign or not theirs:
            raise UnknownOption(
                f"--kinds: {pair.strip()!r} is not a pair; write THEIRS=OURS, e.g. "
                "Protests=other,*=other"
            )
        if mine not in ours:
            close = difflib.get_close_matches(mine, ours, n=1, cutoff=0.6)
            hint = f" — did you mean {close[0]!r}?" if close else ""
            raise UnknownOption(f"--kinds: {mine!r} is not a kind{hint} (kinds: {', '.join(ours)})")
        found[theirs] = mine
    return found
