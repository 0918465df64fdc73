"""Hostile text stays inert in every output, and no output is ever half-written or lost.

See SECURITY.md. Text in an events file may hold HTML, script, escape sequences for the
terminal and bidirectional overrides; none of it may act in the page, the SVG, the Vega-Lite
spec or the terminal. Files are written whole or not at all, wherever the CLI writes.
"""

from __future__ import annotations

import html
import io
import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import timeline
from timeline.cli import main
from timeline.output import atomic
from timeline.output import page as page_module
from timeline.view.chart import PAGE_WIDTHS

HOSTILE = "</script><script>alert(1)</script><!--<script> <img src=x onerror=alert(2)> & \u2028"
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\u202eevil\r"

HOSTILE_FILE = f"""\
title: {json.dumps(HOSTILE)}
description: {json.dumps(HOSTILE)}
actors:
  evil: {{name: {json.dumps(HOSTILE)}, role: {json.dumps(HOSTILE)}, country: US}}
events:
  - id: evil
    title: {json.dumps(HOSTILE + ESCAPES)}
    kind: signing
    timezone: Asia/Tokyo
    start: 2025-10-28 10:40
    end: 2025-10-28 11:00
    place: {{venue: {json.dumps(HOSTILE)}, city: {json.dumps(HOSTILE + ESCAPES)}, country: JP}}
    participants: [evil]
    sources:
      - {{url: "https://a.example/x?q=1&r=2", publisher: {json.dumps(HOSTILE)}}}
    summary: {json.dumps(HOSTILE)}
    outcomes: [{json.dumps(HOSTILE)}]
    tags: [x]
    notes: {json.dumps(ESCAPES)}
"""


@pytest.fixture(scope="module")
def hostile() -> timeline.Timeline:
    return timeline.loads(HOSTILE_FILE)


@pytest.fixture(scope="module")
def benign() -> timeline.Timeline:
    return timeline.loads(HOSTILE_FILE.replace("<", "(").replace(">", ")"))


def _spec_in_page(page: str) -> tuple[str, object]:
    """The page's data (the spec and its layouts) as written into the page, and the spec as
    JavaScript would read it."""
    opening = '<script type="application/json" class="tl-data">'
    start = page.index(opening) + len(opening)
    value, end = json.JSONDecoder().raw_decode(page, start)
    return page[start:end], value["spec"]


# -- the HTML page ---------------------------------------------------------------------------


@pytest.mark.slow
def test_html_page_holds_the_text_inert(
    hostile: timeline.Timeline, benign: timeline.Timeline, tmp_path: Path
) -> None:
    page = timeline.render(hostile, tmp_path / "h.html").read_text(encoding="utf-8")
    plain = timeline.render(benign, tmp_path / "b.html").read_text(encoding="utf-8")
    # No text can end the <script> element, open a comment in it, or add an element.
    for marker in ("<script", "</script", "<!--", "<img"):
        assert page.count(marker) == plain.count(marker), marker
    written, spec = _spec_in_page(page)
    assert not {"<", ">", "&"} & set(written)
    # … while the chart shows exactly the text written (laid out for the page's widest width;
    # its title is the page's heading, as text) …
    drawn = hostile.chart(overview=True, width=PAGE_WIDTHS[0]).to_dict()
    drawn.pop("title")
    assert spec == json.loads(json.dumps(drawn))
    assert HOSTILE in json.dumps(spec, ensure_ascii=False)
    # … and so do the heading, the list and the table, escaped.
    assert page.count(html.escape(HOSTILE)) >= 5


@pytest.mark.slow
def test_tooltips_escape_html(hostile: timeline.Timeline, tmp_path: Path) -> None:
    """vega-embed shows tooltips with vega-tooltip, whose default ``sanitize`` escapes ``&``
    and ``<``; the page keeps that default (its embed options do not replace it)."""
    page = timeline.render(hostile, tmp_path / "h.html").read_text(encoding="utf-8")
    options = page[page.index("vegaEmbed(host, spec, {") :].split("})", 1)[0]
    assert "tooltip: {theme: dark ? 'dark' : 'light'}" in options
    assert "sanitize" not in options
    # the page's own script sets event text as text, never as HTML
    script = Path(page_module.__file__).with_name("page.js").read_text(encoding="utf-8")
    assert script in page
    assert "innerHTML" not in script
    assert "insertAdjacentHTML" not in script
    assert 'replace(/&/g,"&amp;").replace(/</g,"&lt;")' in page  # vega-tooltip's escapeHTML
    assert "sanitize:" in page


# -- SVG, Vega-Lite spec ------------------------------------------------------------------------


@pytest.mark.slow
def test_svg_escapes_the_text(hostile: timeline.Timeline, tmp_path: Path) -> None:
    svg = timeline.render(hostile, tmp_path / "h.svg").read_text(encoding="utf-8")
    for element in ("<script", "<img", "<iframe", "<!--", "<foreignObject"):
        assert element not in svg
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in svg  # shown as text


def test_vega_lite_spec_can_be_pasted_into_a_page(
    hostile: timeline.Timeline, tmp_path: Path
) -> None:
    text = timeline.render(hostile, tmp_path / "h.json").read_text(encoding="utf-8")
    assert not {"<", ">", "&"} & set(text)
    assert json.loads(text) == json.loads(json.dumps(hostile.chart().to_dict()))


def test_canonical_json_keeps_the_text_exactly(hostile: timeline.Timeline) -> None:
    assert timeline.loads(hostile.to_json(), format="json") == hostile


# -- the terminal ----------------------------------------------------------------------------


def _no_control_characters(text: str) -> None:
    assert not {"\x1b", "\x07", "\r", "\u202e"} & set(text), repr(text)


def test_table_shows_escape_sequences_without_sending_them(hostile: timeline.Timeline) -> None:
    table = timeline.format_table(hostile)
    _no_control_characters(table)
    assert "\\u001b[2J\\u001b]0;pwned\\u0007\\u202eevil" in table


def test_list_command_cannot_drive_the_terminal(tmp_path: Path) -> None:
    (tmp_path / "events.yaml").write_text(HOSTILE_FILE, encoding="utf-8")
    result = CliRunner().invoke(main, ["list", str(tmp_path / "events.yaml")])
    assert result.exit_code == 0
    _no_control_characters(result.output)


def test_problems_are_one_line_each_and_printable(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        'events: []\n"x\\e[2J\\nevents.yaml:1:1: forged line": 1\n"\\u202eabc": 2\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    _no_control_characters(result.stderr)
    assert result.stderr.splitlines() == [
        f"{path}:2:1: x\\u001b[2J\\u000aevents.yaml:1:1: forged line: unknown field "
        "'x\\x1b[2J\\nevents.yaml:1:1: forged line' (allowed: title, description, "
        "language, translations, actors, events)",
        f"{path}:3:1: \\u202eabc: unknown field '\\u202eabc' (allowed: title, description, "
        "language, translations, actors, events)",
        f"{path}: 2 errors, 0 warnings",
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_data_written_to_a_terminal_shows_control_characters(
    hostile: timeline.Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline import cli

    data = hostile.to_json()
    assert "\u202e" in data  # JSON escapes C0 controls but not bidirectional overrides
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    cli._to_stdout(data)
    _no_control_characters(terminal.getvalue())
    assert json.loads(terminal.getvalue()) == json.loads(data)  # still the same JSON
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stdout", pipe)
    cli._to_stdout(data)
    assert pipe.getvalue() == data  # exact, for programs


# -- where files go --------------------------------------------------------------------------


def test_output_paths_do_not_come_from_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    steer = "../../escaped"  # as a title, an id-like tag, a venue: never a path
    text = HOSTILE_FILE.replace(json.dumps(HOSTILE), json.dumps(steer))
    (folder / "events.yaml").write_text(text, encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(
        main, ["render", str(folder / "events.yaml"), "-o", str(folder / "out.json")]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted([*before, "out.json"])


# -- writing: whole or not at all --------------------------------------------------------------


GOOD_FILE = HOSTILE_FILE.replace("<", "(")
BAD_FILE = GOOD_FILE.replace("kind: signing", "kind: sining")


@pytest.mark.parametrize(
    "command",
    [
        ["render", "events.yaml", "-o", "out.html"],
        ["render", "events.yaml", "-o", "out.json"],
        ["export", "events.yaml", "-o", "out.json"],
    ],
    ids=["render html", "render json", "export"],
)
def test_an_existing_output_is_untouched_when_the_input_is_bad(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("events.yaml").write_text(BAD_FILE, encoding="utf-8")
    Path(command[-1]).write_bytes(b"what the user had\x00\xff")
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1
    assert "unknown kind 'sining'" in result.stderr
    assert Path(command[-1]).read_bytes() == b"what the user had\x00\xff"
    assert sorted(os.listdir()) == sorted(["events.yaml", command[-1]])


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("missing/out.json", "timeline: error: missing/out.json: folder missing does not exist"),
        (
            "events.yaml/out.json",
            "timeline: error: events.yaml/out.json: folder events.yaml is not a folder",
        ),
    ],
)
def test_an_impossible_output_path_is_a_clear_error(
    out: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("events.yaml").write_text(GOOD_FILE, encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "events.yaml", "-o", out])
    assert (result.exit_code, result.stderr) == (1, message + "\n")


def test_a_folder_as_the_output_is_refused(tmp_path: Path) -> None:
    with pytest.raises(timeline.OutputError) as caught:
        atomic.write_atomic(tmp_path, "{}")
    assert str(caught.value) == f"{tmp_path}: is a directory; give a file name"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_an_unwritable_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "events.yaml").write_text(GOOD_FILE, encoding="utf-8")
    out = "/proc/timeline-test.json"  # cannot be written, not even by root
    result = CliRunner().invoke(main, ["render", str(tmp_path / "events.yaml"), "-o", out])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"timeline: error: {out}: cannot write there (")
    assert "Traceback" not in result.output


def test_a_read_only_folder_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permissions cannot stop root (CI runs as root), so the folder says no at the OS call."""
    (tmp_path / "events.yaml").write_text(GOOD_FILE, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()

    def denied(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic, "_temporary_file", denied)
    result = CliRunner().invoke(
        main, ["export", str(tmp_path / "events.yaml"), "-o", str(locked / "out.json")]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"timeline: error: {locked / 'out.json'}: cannot write there (Permission denied)\n"
    )
    assert os.listdir(locked) == []


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    failure: BaseException, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")

    def fail(_fd: int) -> None:
        raise failure

    monkeypatch.setattr(atomic.os, "fsync", fail)
    expected = timeline.OutputError if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected):
        atomic.write_atomic(target, "new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.json"]


@pytest.mark.skipif(not hasattr(os, "umask"), reason="POSIX permissions")
def test_permissions_new_files_follow_the_umask_and_old_files_keep_theirs(
    tmp_path: Path,
) -> None:
    umask = os.umask(0o027)
    try:
        new = atomic.write_atomic(tmp_path / "new.json", "{}")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o640
    old = tmp_path / "old.json"
    old.write_text("x")
    old.chmod(0o600)
    atomic.write_atomic(old, "y")
    assert stat.S_IMODE(old.stat().st_mode) == 0o600


def test_threads_writing_at_once_leave_one_complete_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    contents = [(str(i) * 200_000).encode() for i in range(8)]
    threads = [
        threading.Thread(target=lambda c=c: [atomic.write_atomic(target, c) for _ in range(5)])
        for c in contents
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_bytes() in contents
    assert os.listdir(tmp_path) == ["out.json"]


@pytest.mark.slow
def test_two_renders_at_once_leave_one_complete_file(tmp_path: Path) -> None:
    files = []
    for name, title in (("a.yaml", "A" * 5000), ("b.yaml", "B" * 5000)):
        (tmp_path / name).write_text(
            GOOD_FILE.replace("title: ", f"title: {title}", 1), encoding="utf-8"
        )
        files.append(tmp_path / name)
    out = tmp_path / "chart.json"
    expected = []
    for path in files:
        timeline.render(timeline.load(path), out)
        expected.append(out.read_bytes())
    out.unlink()
    script = "import sys, timeline\nfor _ in range(10): timeline.render(timeline.load(sys.argv[1]), sys.argv[2])\n"
    processes = [
        subprocess.Popen([sys.executable, "-c", script, str(path), str(out)]) for path in files
    ]
    assert [process.wait(timeout=300) for process in processes] == [0, 0]
    assert out.read_bytes() in expected
    assert sorted(os.listdir(tmp_path)) == ["a.yaml", "b.yaml", "chart.json"]


# -- the command line never shows a traceback ------------------------------------------------


def test_a_bug_is_reported_in_one_line_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline import cli

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom\x1b[2J")

    monkeypatch.setattr(cli.api, "load", broken)
    monkeypatch.delenv("TIMELINE_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["export", str(tmp_path / "x.yaml")])
    assert result.exit_code == 1
    assert result.stderr == (
        "timeline: internal error (RuntimeError: boom\\u001b[2J); this is a bug, please report "
        "it with the input (set TIMELINE_DEBUG=1 for a traceback)\n"
    )


def test_ctrl_c_is_quiet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline import cli

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.api, "load", interrupted)
    result = CliRunner().invoke(main, ["export", str(tmp_path / "x.yaml")])
    assert (result.exit_code, result.stderr) == (1, "\nAborted!\n")


def test_an_option_that_is_not_text_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "events.yaml").write_text(GOOD_FILE, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "render",
            str(tmp_path / "events.yaml"),
            "-o",
            str(tmp_path / "c.svg"),
            "--title",
            "\udcff",
        ],
    )
    assert result.exit_code == 2  # click's exit code for a wrong option
    assert "Invalid value for '--title': '\\udcff' holds bytes that are not UTF-8 text" in (
        result.stderr
    )
    assert not (tmp_path / "c.svg").exists()


# -- text that XML cannot hold, in pictures -----------------------------------------------------

CONTROLS = "\x01\x07\x08\x0b\x0c\x1b\x1f\ufffe\uffff"
"""Characters that XML 1.0 cannot hold (vl-convert panicked on them: exit 134, a Rust
backtrace), among them the vertical tab and form feed that text pasted from a PDF holds."""
CONTROL_FILE = f"""\
title: {json.dumps("file" + CONTROLS)}
actors:
  bell: {{name: {json.dumps("actor" + CONTROLS)}, country: US}}
events:
  - id: bell
    title: {json.dumps("event" + CONTROLS)}
    kind: signing
    timezone: Asia/Tokyo
    start: 2025-10-28 10:40
    place: {{venue: {json.dumps("venue" + CONTROLS)}, city: {json.dumps("city" + CONTROLS)}, country: JP}}
    participants: [bell]
    sources: [{{url: "https://a.example/x", publisher: {json.dumps("pub" + CONTROLS)}}}]
    summary: {json.dumps("summary" + CONTROLS)}
"""
SHOWN = "\\u0001\\u0007\\u0008  \\u001b \\ufffe\\uffff"  # line and page breaks as spaces


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
@pytest.mark.parametrize("group_by", ["kind", "actor"])
def test_control_characters_in_any_text_render_to_png_svg_and_pdf(
    suffix: str, group_by: str, tmp_path: Path
) -> None:
    (tmp_path / "events.yaml").write_text(CONTROL_FILE, encoding="utf-8")
    out = tmp_path / f"chart.{suffix}"
    result = subprocess.run(  # a panic in vl-convert ends the process: not in this one
        [
            sys.executable,
            "-m",
            "timeline",
            "render",
            "events.yaml",
            "-o",
            out.name,
            "--group-by",
            group_by,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert out.stat().st_size > 1000
    if suffix == "svg":  # the Vega-Lite spec (and so the page) keeps the text as written
        loaded = timeline.loads(CONTROL_FILE)
        spec = json.loads(timeline.render(loaded, tmp_path / "c.json").read_text("utf-8"))
        assert (spec["title"]["text"], spec["data"]["values"][0]["title"]) == (
            "file" + CONTROLS,
            "event" + CONTROLS,
        )
        svg = out.read_text(encoding="utf-8")
        assert f"file{SHOWN}" in svg  # the title, every character visible
        if group_by == "actor":
            assert ">actor\\u0001\\u0007" in svg  # a lane's label (cut to its width)


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_a_long_label_with_emoji_is_drawn_whole_where_vega_would_cut_an_emoji_in_half(
    suffix: str, tmp_path: Path
) -> None:
    """Found by the fuzz run: Vega shortens a lane's or a legend's label by cutting it at
    UTF-16 code units, and vl-convert refused the half of an emoji it then had to measure."""
    name = "A" * 14 + "\U0001f60d" * 20
    text = f"""\
actors:
  a: {{name: "{name}", country: JP}}
events:
  - {{id: a, title: A, kind: signing, timezone: Asia/Tokyo, start: 2025-10-28, participants: [a]}}
"""
    out = timeline.render(timeline.loads(text), tmp_path / f"c.{suffix}", group_by="actor")
    if suffix == "svg":
        assert f">{name}</text>" in out.read_text(encoding="utf-8")  # the lane's label, whole


# -- special files, and the input, as --out -----------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_as_out_is_written_into_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "events.yaml").write_text(GOOD_FILE, encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = CliRunner().invoke(
        main, ["export", str(tmp_path / "events.yaml"), "--format", "ics", "-o", str(fifo)]
    )
    reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still the pipe
    assert received, "nothing came through the pipe"
    assert received[0].startswith(b"BEGIN:VCALENDAR")
    assert sorted(os.listdir(tmp_path)) == ["events.yaml", "pipe"]


def test_a_link_to_dev_null_as_out_leaves_dev_null_and_the_link(tmp_path: Path) -> None:
    """What ``--out /dev/null`` does as root, without risking the real one: a rename over the
    link would have replaced it (and, named directly, /dev/null) with a regular file."""
    (tmp_path / "events.yaml").write_text(GOOD_FILE, encoding="utf-8")
    link = tmp_path / "null.json"
    link.symlink_to(os.devnull)
    result = CliRunner().invoke(main, ["export", str(tmp_path / "events.yaml"), "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="only root makes devices")
def test_a_device_node_as_out_is_written_into_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "events.yaml").write_text(GOOD_FILE, encoding="utf-8")
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    result = CliRunner().invoke(main, ["export", str(tmp_path / "events.yaml"), "-o", str(device)])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_a_link_as_out_keeps_the_link_and_replaces_its_file(tmp_path: Path) -> None:
    target, link = tmp_path / "real.json", tmp_path / "link.json"
    target.write_text("old")
    link.symlink_to(target.name)
    atomic.write_atomic(link, "new")
    assert link.is_symlink()
    assert target.read_text() == "new"


SAME_FILE = {
    "render json": (["render", "{input}", "-o", "{out}"], "events.json"),
    "render svg": (["render", "{input}", "-o", "{out}"], "events.svg"),
    "export ics": (["export", "{input}", "--format", "ics", "-o", "{out}"], "events.json"),
    "export csv": (["export", "{input}", "--format", "csv", "-o", "{out}"], "events.json"),
    "import": (["import", "{input}", "-o", "{out}", "--force"], "events.json"),
}


@pytest.mark.parametrize("through", ["same name", "hard link", "symbolic link"])
@pytest.mark.parametrize(("args", "name"), SAME_FILE.values(), ids=SAME_FILE.keys())
def test_out_naming_the_input_is_refused_and_the_input_kept(
    args: list[str], name: str, through: str, tmp_path: Path
) -> None:
    source = tmp_path / name
    if args[0] == "import":  # a TimelineJS file (.json), as import reads
        text = json.dumps({"events": [{"start_date": {"year": 2025}, "text": {"headline": "A"}}]})
    else:
        text = timeline.loads(GOOD_FILE).to_json()
    source.write_text(text, encoding="utf-8")
    out = source
    if through == "hard link":
        out = tmp_path / f"other{source.suffix}"
        os.link(source, out)
    elif through == "symbolic link":
        out = tmp_path / f"other{source.suffix}"
        out.symlink_to(source.name)
    argv = [a.format(input=source, out=out) for a in args]
    result = CliRunner().invoke(
        main, [*argv, *(["--timezone", "UTC"] if args[0] == "import" else [])]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"timeline: error: {out}: is the input file {source}; writing there would destroy it "
        "— give another --out\n"
    )
    assert source.read_text(encoding="utf-8") == text
    if args[0] == "export":  # the events file itself may be written back, as a formatter does
        again = [*argv[:2], "--format", "json", *argv[4:]]
        result = CliRunner().invoke(main, again)
        assert result.exit_code == 0, result.output
        assert timeline.load(source) == timeline.loads(GOOD_FILE)


def test_an_import_racing_another_to_a_new_out_never_replaces_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two imports to the same new --out: the one that finishes second must not replace the
    first one's file (it was checked as free before the import began)."""
    from timeline import cli

    source = tmp_path / "a.json"
    source.write_text(
        json.dumps({"events": [{"start_date": {"year": 2025}, "text": {"headline": "A"}}]}),
        encoding="utf-8",
    )
    out = tmp_path / "events.yaml"
    real_import = cli.api.import_events

    def meanwhile(*args: object, **kwargs: object) -> timeline.Timeline:
        out.write_text("the other import's events\n", encoding="utf-8")  # it finished first
        return real_import(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli.api, "import_events", meanwhile)
    result = CliRunner().invoke(main, ["import", str(source), "-o", str(out)])
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        1,
        f"timeline: error: {out}: already exists; pass --force to replace it",
    )
    assert out.read_text(encoding="utf-8") == "the other import's events\n"
    assert sorted(os.listdir(tmp_path)) == ["a.json", "events.yaml"]


@pytest.mark.slow
def test_two_processes_importing_to_the_same_new_out_one_wins(tmp_path: Path) -> None:
    source = tmp_path / "a.json"
    source.write_text(
        json.dumps({"events": [{"start_date": {"year": 2025}, "text": {"headline": "A"}}]}),
        encoding="utf-8",
    )
    script = (
        "import sys, time\nfrom timeline.cli import main\n"
        "time.sleep(max(0.0, float(sys.argv[1]) - time.time()))\n"  # start together
        "main(['import', sys.argv[2], '-o', sys.argv[3]])\n"
    )
    for round_ in range(3):
        out = tmp_path / f"events-{round_}.yaml"
        start = f"{time.time() + 3:.3f}"
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", script, start, str(source), str(out)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [process.communicate(timeout=120) for process in processes]
        codes = sorted(process.returncode for process in processes)
        assert codes == [0, 1], outputs
        assert "already exists" in "".join(err for _out, err in outputs)


# -- names of files, as the command prints them ------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "render", "export", "import"])
def test_a_file_name_with_escape_sequences_is_printed_escaped(command: str, tmp_path: Path) -> None:
    name = "ev\x1b[2J\x07"
    source = tmp_path / f"{name}.yaml"
    source.write_text(GOOD_FILE, encoding="utf-8")
    args = {
        "validate": ["validate", str(source)],
        "render": ["render", str(source), "-o", str(tmp_path / f"{name}.json")],
        "export": ["export", str(source), "-o", str(tmp_path / f"{name}.json")],
        "import": [
            "import",
            str(tmp_path / f"{name}.csv"),
            "-o",
            str(tmp_path / f"{name}.out.yaml"),
        ],
    }[command]
    if command == "import":
        (tmp_path / f"{name}.csv").write_text(
            "id,title,kind,timezone,start\na,A,other,UTC,2025-10-28 10:40\n", encoding="utf-8"
        )
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "ev\\u001b[2J\\u0007" in result.output
    assert not {"\x1b", "\x07"} & set(result.output)


# -- Ctrl-C while the command starts ---------------------------------------------------------------

INTERRUPTED_AT_IMPORT = """\
import os, signal, sys, runpy, tomllib

class Interrupt:  # Ctrl-C while Python imports {module!r}, as in the first half second
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, Interrupt())
sys.argv = ["timeline", "validate", {events!r}]
if {how!r} == "python -m timeline":
    runpy.run_module("timeline", run_name="__main__", alter_sys=True)
else:  # what the console script does: import the entry point, call it
    with open({pyproject!r}, "rb") as file:
        entry = tomllib.load(file)["project"]["scripts"]["timeline"]
    module, _, function = entry.partition(":")
    sys.exit(getattr(__import__(module, fromlist=[function]), function)())
"""


@pytest.mark.slow
@pytest.mark.parametrize("how", ["timeline", "python -m timeline"])
@pytest.mark.parametrize("module", ["click", "pydantic", "yaml", "timeline.api"])
def test_ctrl_c_while_the_command_starts_shows_no_traceback(
    how: str, module: str, tmp_path: Path
) -> None:
    from .conftest import ROOT

    (tmp_path / "events.yaml").write_text(GOOD_FILE, encoding="utf-8")
    script = INTERRUPTED_AT_IMPORT.format(
        module=module, events="events.yaml", how=how, pyproject=str(ROOT / "pyproject.toml")
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (1, "\nAborted!\n")
