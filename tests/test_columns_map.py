"""A mapping from other people's column names to ours: parsed, checked, and suggested."""

from __future__ import annotations

import pytest

import timeline
from timeline.core.columns_map import COLUMNS, ColumnMap, missing_column_message, suggest


def test_a_map_is_parsed_and_applied() -> None:
    mapping = ColumnMap.parse("start=event_date, kind=event_type,title=notes")
    assert mapping.columns == {"start": "event_date", "kind": "event_type", "title": "notes"}
    header = ["event_date", "event_type", "notes", "country", "fatalities"]
    assert mapping.renamed(header) == {
        "event_date": "start",
        "event_type": "kind",
        "notes": "title",
        "country": "country",
    }
    assert mapping.missing(header) == []
    assert ColumnMap.parse("start=Date").missing(header) == ["Date"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "start",
            "--map: 'start' is not a pair; write OURS=THEIRS, e.g. start=event_date,kind=event_type",
        ),
        (
            "=x",
            "--map: '=x' is not a pair; write OURS=THEIRS, e.g. start=event_date,kind=event_type",
        ),
        (
            "strat=x",
            f"--map: 'strat' is not a column of ours — did you mean 'start'? (ours: {', '.join(COLUMNS)})",
        ),
        ("start=a,start=b", "--map: 'start' is mapped twice"),
    ],
)
def test_a_bad_map_is_refused_with_the_fix(text: str, message: str) -> None:
    with pytest.raises(timeline.UnknownOption) as caught:
        ColumnMap.parse(text)
    assert str(caught.value) == message


def test_a_missing_column_suggests_the_mapping() -> None:
    acled = ["event_id_cnty", "event_date", "event_type", "country", "notes"]
    assert suggest("start", acled) == "event_date"
    assert suggest("kind", acled) == "event_type"
    assert missing_column_message("start", acled) == (
        "no 'start' column; found 'event_date' — use --map start=event_date"
    )
    assert missing_column_message("start", ["a", "b"]) == (
        "no 'start' column (the columns are 'a', 'b'); name the one that holds it: "
        "--map start=COLUMN"
    )
    assert suggest("start", ["Start Date"]) == "Start Date"
