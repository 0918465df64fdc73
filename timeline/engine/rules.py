"""The models' rules for one event, as column expressions (Ibis), decided for every row at once.

Each rule here is the columnar form of a check in ``core.models`` / ``core.times``: the same
id pattern, kinds, zones, countries, URL form, time forms, calendar and clock rules, and the
time-zone rules as a join on the row's own zone and year (``core.zone_rules.year_table``). A
row is ``ok`` when every rule holds; then the models would accept it too, and its start (and
the end of its span) are the instants the models give. A row that is not ``ok`` is not
necessarily wrong: it is one these rules cannot decide (a value of another type, text with
white space at its ends, digits other than 0–9, a year 1 or 9999…), and ``check`` hands it to
the models, which accept it or say exactly what is wrong. The rules are tested against the
models on planted errors in every format (``tests/test_engine.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.models import Kind
from ..core.times import available_zones, country_names, zone_countries

SLUG = r"^[a-z0-9]+([-_][a-z0-9]+)*\z"
"""``core.ids.SLUG``, matched whole."""
_SPACE = r"\t\n\x{b}\x{c}\r\x{1c}-\x{1f} \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}"
_SPACE += r"\x{202f}\x{205f}\x{3000}"
TEXT = f"[^{_SPACE}]"
"""A character ``str.strip`` keeps: text with one is not empty once stripped (``Text``)."""
URL = r"^https?://[A-Za-z0-9.-]+([/?#][^" + _SPACE + r"\x{0}-\x{1f}\x{7f}-\x{9f}<>\"\\]*)?\z"
"""``models._PLAIN_HTTP_URL``: a source URL in its usual form."""
LANGUAGE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\z"
DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\z"
DATE_ONLY = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\z"
DATE_TIME = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r" *(?:Z|[+-][0-9]{2}(?::?[0-9]{2}(?::?[0-9]{2})?)?)?\z"
)
_TAIL = (
    r"^.{16}(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?"
    r" *(Z|([+-])([0-9]{2})(?::?([0-9]{2})(?::?([0-9]{2}))?)?)?\z"
)
"""The parts of a time of day after its minutes: seconds, fraction, Z or the offset's sign,
hours, minutes and seconds (groups 1–7)."""
US = 1_000_000


def _int(text: Any) -> Any:
    return text.try_cast("int64")


def _floor_mod(value: Any, by: int) -> Any:
    return ((value % by) + by) % by


def days(year: Any, month: Any, day: Any) -> Any:
    """Days from 1970-01-01 (``zone_rules.days_from_civil``, as an expression)."""
    y = year - (month <= 2).cast("int64")
    era = y // 400
    yoe = y - era * 400
    shifted = (month + 9) % 12  # March is 0
    doy = (153 * shifted + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def utc_year(moment_us: Any) -> Any:
    """About the year (UTC) of an instant in µs, by the Gregorian year's mean length: never more
    than two days out, which the zone table's rows allow for."""
    return 1970 + (moment_us // US // 86400) * 400 // 146097


def _days_in_month(year: Any, month: Any) -> Any:
    import ibis

    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return ibis.cases(
        (month.isin([4, 6, 9, 11]), 30),
        (month == 2, ibis.ifelse(leap, 29, 28)),
        else_=31,
    )


def _valid_date(year: Any, month: Any, day: Any) -> Any:
    return (
        (year >= 1)
        & (month >= 1)
        & (month <= 12)
        & (day >= 1)
        & (day <= _days_in_month(year, month))
    )


def _parts(text: Any, p: str) -> dict[str, Any]:
    """The pieces of a written start or end, as columns named ``{p}_…`` (first stage)."""
    import ibis

    date_time = text.re_search(DATE_TIME)
    long = text.length() > 16

    def tail(group: int) -> Any:  # only a time longer than its minutes has the rest
        return ibis.ifelse(long, text.re_extract(_TAIL, group), "")

    return {
        f"{p}_date_only": ibis.coalesce(text.re_search(DATE_ONLY), False),
        f"{p}_date_time": ibis.coalesce(date_time, False),
        f"{p}_length": text.length(),
        f"{p}_edge": text.startswith("0001") | text.startswith("9999"),
        f"{p}_y": _int(text.substr(0, 4)),
        f"{p}_m": ibis.ifelse(text.length() >= 7, _int(text.substr(5, 2)), 1),
        f"{p}_d": ibis.ifelse(text.length() >= 10, _int(text.substr(8, 2)), 1),
        f"{p}_h": ibis.ifelse(date_time, _int(text.substr(11, 2)), 0),
        f"{p}_mi": ibis.ifelse(date_time, _int(text.substr(14, 2)), 0),
        f"{p}_s": ibis.coalesce(_int(tail(1)), 0),
        f"{p}_micro": ibis.coalesce(_int(tail(2).rpad(6, "0")), 0),
        f"{p}_zulu": ibis.coalesce(tail(3) == "Z", False),
        f"{p}_sign": ibis.ifelse(tail(4) == "-", -1, 1),
        f"{p}_oh": _int(tail(5)),
        f"{p}_om": ibis.coalesce(_int(tail(6)), 0),
        f"{p}_os": ibis.coalesce(_int(tail(7)), 0),
    }


def _point(t: Any, p: str) -> dict[str, Any]:
    """What ``times.parse_time`` reads in a written point, from its ``_parts`` (second stage):
    whether these rules can read it, its wall time (seconds since 1970, read as if UTC), the
    offset written, the precision's rank, and the wall time where a date-only period ends."""
    import ibis

    def c(name: str) -> Any:
        return t[f"{p}_{name}"]

    year, month, day, length = c("y"), c("m"), c("d"), c("length")
    has_offset = c("date_time") & c("oh").notnull()
    next_month = year * 12 + month - 1 + ibis.ifelse(length == 4, 12, 1)
    next_day = ibis.ifelse(
        length == 10, days(year, month, day) + 1, days(next_month // 12, next_month % 12 + 1, 1)
    )
    readable = (
        (c("date_only") | c("date_time"))
        & ~c("edge")
        & _valid_date(year, month, day)
        & (c("h") <= 23)
        & (c("mi") <= 59)
        & (c("s") <= 59)
        & (~has_offset | ((c("oh") <= 23) & (c("om") <= 59) & (c("os") <= 59)))
    )
    return {
        f"{p}_readable": ibis.coalesce(readable, False),
        f"{p}_wall": days(year, month, day) * 86400 + c("h") * 3600 + c("mi") * 60 + c("s"),
        f"{p}_has_offset": ibis.coalesce(has_offset, False),
        f"{p}_offset": c("sign") * (c("oh") * 3600 + c("om") * 60 + c("os")),
        f"{p}_rank": ibis.ifelse(
            c("date_only"), ibis.cases((length == 4, 0), (length == 7, 1), else_=2), 3
        ),
        f"{p}_next_wall": next_day * 86400,
    }


def _matches(t: Any, p: str, walls: Any, instants: Any) -> dict[str, Any]:
    """The stretches of its zone's year a point's wall time (``once``), the end of its
    date-only period (``after``) and its instant by the offset written (``at``) fall in
    (third stage, after the join with the zone's year: ``walls`` and ``instants``); each list
    is worked out once, for the next stage to read."""

    def c(name: str) -> Any:
        return t[f"{p}_{name}"]

    wall, after_wall = c("wall"), c("next_wall")
    written = wall - c("offset")
    return {
        f"{p}_once": walls.filter(lambda w: (w.lo <= wall) & (wall < w.hi)),
        f"{p}_after": walls.filter(lambda w: (w.lo <= after_wall) & (after_wall < w.hi)),
        f"{p}_in": instants.filter(lambda s: (s.lo <= written) & (written < s.hi)),
    }


def _instant(t: Any, p: str) -> dict[str, Any]:
    """Whether a point's wall time happens once in its zone (or its offset is the zone's),
    its instant and the end of its date-only period, in µs (fourth stage: ``_matches``)."""
    import ibis

    def c(name: str) -> Any:
        return t[f"{p}_{name}"]

    wall, once, after, at = c("wall"), c("once"), c("after"), c("in")
    written = wall - c("offset")
    ok = ibis.cases(
        (c("zulu"), True),
        (c("has_offset"), (at.length() == 1) & (at[0].offset == c("offset"))),
        else_=once.length() == 1,
    )
    seconds = ibis.cases((c("zulu"), wall), (c("has_offset"), written), else_=wall - once[0].offset)
    at_us = seconds * US + c("micro")
    return {
        f"{p}_ok": ibis.coalesce(ok & (~c("date_only") | (after.length() == 1)), False),
        f"{p}_at": at_us,
        f"{p}_finish": ibis.ifelse(c("date_only"), (c("next_wall") - after[0].offset) * US, at_us),
    }


def _all(array: Any, rule: Any) -> Any:
    import ibis

    return (
        ibis.coalesce(array.filter(lambda item: ~ibis.coalesce(rule(item), False)).length(), 0) == 0
    )


def _text_ok(value: Any, *, optional: bool) -> Any:
    import ibis

    found = ibis.coalesce(value.re_search(TEXT), False)
    return (value.isnull() | found) if optional else found


def year_of(text: Any) -> Any:
    """The year a start or end is written in (null when it does not start with one)."""
    import ibis

    head = text.substr(0, 4)
    return ibis.ifelse(head.re_search(r"^[0-9]{4}\z"), head.cast("int64"), ibis.null("int64"))


def checked(flat: Any, years: Any, names: Mapping[str, Any]) -> Any:
    """``flat`` with ``ok`` (every rule holds), ``begin`` (the start instant, µs), ``finish``
    (where the event's span ends, µs), ``rank`` (the start's precision) and ``warn_sources``
    (no sources: the ``no-source`` warning). ``years`` is the zone table
    (``zone_rules.year_table``) as an engine table, ``names`` the tables of ``vocabulary``.
    Participants outside a registry are found on the result (``strangers``).

    The rules run in stages, each a query over the one before, so that every piece of a time
    is worked out once."""
    import ibis

    t = flat.mutate(
        **_parts(flat.start, "s"),
        **_parts(flat.end, "e"),
        _start_year=year_of(flat.start),
        _end_year=ibis.coalesce(year_of(flat.end), year_of(flat.start)),
    ).view()
    t = t.mutate(**_point(t, "s"), **_point(t, "e")).view()
    s_year, e_year = years.view(), years.view()
    t = t.left_join(s_year, [t.timezone == s_year.zone, t._start_year == s_year.year]).select(
        t, _s_walls=s_year.walls, _s_instants=s_year.instants
    )
    t = t.left_join(e_year, [t.timezone == e_year.zone, t._end_year == e_year.year]).select(
        t, _e_walls=e_year.walls, _e_instants=e_year.instants
    )
    t = t.mutate(
        **_matches(t, "s", t._s_walls, t._s_instants),
        **_matches(t, "e", t._e_walls, t._e_instants),
    ).view()
    t = t.mutate(**_instant(t, "s"), **_instant(t, "e")).view()
    t = _named(t, names)
    has_end = t.end.notnull()
    over = ibis.ifelse(t.e_date_only, t.e_finish <= t.s_at, t.e_at < t.s_at)
    times_ok = (
        t.s_readable & t.s_ok & (~has_end | (t.e_readable & t.e_ok & ~ibis.coalesce(over, True)))
    )
    kinds = [kind.value for kind in Kind]
    has_place = t.venue.notnull() | t.city.notnull() | t.country.notnull()
    place_ok = ~has_place | (
        t._known_country
        & _text_ok(t.venue, optional=True)
        & _text_ok(t.city, optional=True)
        & (~t._zoned | t._zone_country)
    )
    participants_ok = _all(t.participants, lambda p: p.re_search(SLUG))

    def source_ok(source: Any) -> Any:
        return (
            source.url.re_search(URL)
            & _text_ok(source.publisher, optional=True)
            & _text_ok(source.title, optional=True)
            & (source.language.isnull() | ibis.coalesce(source.language.re_search(LANGUAGE), False))
            & (source.published.isnull() | _day_ok(source.published))
        )

    rules = [
        t.plain,
        ibis.coalesce(t.id.re_search(SLUG), False),
        _text_ok(t.title, optional=False),
        ibis.coalesce(t.kind.isin(kinds), False),
        t._known_zone,
        times_ok,
        place_ok,
        participants_ok,
        _all(t.sources, source_ok),
        _text_ok(t.summary, optional=True),
        _text_ok(t.notes, optional=True),
        _all(t.outcomes, lambda o: o.re_search(TEXT)),
        _all(t.tags, lambda tag: tag.re_search(SLUG)),
        t.part_of.isnull() | ibis.coalesce(t.part_of.re_search(SLUG), False),
        _all(t.follows, lambda f: f.re_search(SLUG)),
        _all(t.responds_to, lambda r: r.re_search(SLUG)),
    ]
    ok = rules[0]
    for rule in rules[1:]:
        ok = ok & ibis.coalesce(rule, False)
    return t.select(
        *flat.columns,
        ok=ibis.coalesce(ok, False),
        begin=t.s_at,
        finish=ibis.ifelse(has_end, t.e_finish, t.s_finish),
        rank=t.s_rank,
        warn_sources=ibis.coalesce(t.sources.length(), 0) == 0,
    )


def vocabulary() -> dict[str, dict[str, list[str]]]:
    """The names a row's zone and country must be among, as tables (their columns): joined,
    not written into the query as lists of hundreds of names, which took half the time Ibis
    spent compiling the rules."""
    pairs = sorted((zone, c) for zone, codes in zone_countries().items() for c in codes)
    return {
        "zones": {"zone": sorted(available_zones())},
        "countries": {"country": sorted(country_names())},
        "zoned": {"zone": sorted(zone_countries())},
        "zone_countries": {"zone": [z for z, _ in pairs], "country": [c for _, c in pairs]},
    }


def _named(t: Any, names: Mapping[str, Any]) -> Any:
    """``t`` with ``_known_zone``, ``_known_country``, ``_zoned`` (the zone is some countries'
    own) and ``_zone_country`` (the country is one of the zone's), by joins on ``vocabulary``."""
    zones, countries = names["zones"].view(), names["countries"].view()
    zoned, pairs = names["zoned"].view(), names["zone_countries"].view()
    t = t.left_join(zones, t.timezone == zones.zone).select(t, _known_zone=zones.zone.notnull())
    t = t.left_join(countries, t.country == countries.country).select(
        t, _known_country=countries.country.notnull()
    )
    t = t.left_join(zoned, t.timezone == zoned.zone).select(t, _zoned=zoned.zone.notnull())
    t = t.left_join(pairs, [t.timezone == pairs.zone, t.country == pairs.country]).select(
        t, _zone_country=pairs.zone.notnull()
    )
    return t.view()


def strangers(checked: Any, known: Any) -> Any:
    """The rows of ``checked`` that name a participant the registry (``known``, its ``actor``
    column) does not have, found by a join: a list of hundreds of ids tested for each
    participant took a fifth of the rules' time."""
    named = checked.select(checked.row, actor=checked.participants.unnest())
    return named.anti_join(known, named.actor == known.actor).select("row")


def _day_ok(text: Any) -> Any:
    import ibis

    year, month, day = _int(text.substr(0, 4)), _int(text.substr(5, 2)), _int(text.substr(8, 2))
    return ibis.coalesce(text.re_search(DAY) & _valid_date(year, month, day), False)


def with_bin(t: Any, offset: Any, every: str) -> Any:
    """``t`` with ``bin``: the start of the density view's bin (``core.columns.INTERVALS``)
    that its ``begin`` falls in, as wall time seconds in the display zone (``offset``: the
    zone's offset at that instant). Worked out in stages, each piece once."""
    t = t.mutate(_local=t.begin // US + offset).view()
    amount = int(every.rstrip("hdwmoy"))
    unit = every.lstrip("0123456789")
    if unit in {"h", "d"}:
        step = amount * (3600 if unit == "h" else 86400)
        return t.mutate(bin=t._local - _floor_mod(t._local, step)).drop("_local")
    t = t.mutate(_day=t._local // 86400).view()
    if unit == "w":
        return t.mutate(bin=(t._day - _floor_mod(t._day + 3, 7)) * 86400).drop("_local", "_day")
    t = t.mutate(_z=t._day + 719468).view()
    t = t.mutate(_era=t._z // 146097).view()
    t = t.mutate(_doe=t._z - t._era * 146097).view()
    t = t.mutate(_yoe=(t._doe - t._doe // 1460 + t._doe // 36524 - t._doe // 146096) // 365).view()
    t = t.mutate(_doy=t._doe - (365 * t._yoe + t._yoe // 4 - t._yoe // 100)).view()
    t = t.mutate(_month=((5 * t._doy + 2) // 153 + 2) % 12 + 1).view()
    t = t.mutate(_year=t._yoe + t._era * 400 + (t._month <= 2).cast("int64")).view()
    months = amount * (12 if unit == "y" else 1)
    t = t.mutate(_index=t._year * 12 + t._month - 1 - 1970 * 12).view()
    t = t.mutate(_first=t._index - _floor_mod(t._index, months) + 1970 * 12).view()
    t = t.mutate(_fy=t._first // 12, _fm=t._first % 12 + 1).view()
    t = t.mutate(bin=days(t._fy, t._fm, 1) * 86400)
    return t.drop("_local", "_day", "_z", "_era", "_doe", "_yoe", "_doy", "_month", "_year",
                  "_index", "_first", "_fy", "_fm")  # fmt: skip
