"""Fuzzing: mutated versions of the samples give a valid plan or a clean error.

Every input built here (byte flips, truncation, insertion, chunk duplication and
deletion, PDF/XML keywords spliced in; for DOCX also inside the zip members, rezipped)
must either extract to a plan that renders and loads back, or raise a
:class:`~pstparse.model.errors.PstparseError` with exit code 2 and a one-line message. No
other exception may escape, and no input may take more than :data:`TIME_LIMIT`
seconds (enforced with a timer signal).

The run size comes from the ``PSTPARSE_FUZZ`` environment variable: unset, a short run
for every ``pytest``; ``deep``, a long local run (``PSTPARSE_FUZZ_EXAMPLES`` sets the
examples per test, default 3000)::

    PSTPARSE_FUZZ=deep .venv/bin/pytest tests/test_fuzz.py --hypothesis-show-statistics

(the statistics tally the outcomes: plans, and errors by kind).
"""

from __future__ import annotations

import io
import os
import re
import signal
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from pstparse.api import extract_bytes
from pstparse.exporters import load_plan, render
from pstparse.model.errors import PstparseError
from pstparse.model.plan import Plan

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TIME_LIMIT = 10
"""Seconds one input may take, extraction and rendering included."""

DEEP = os.environ.get("PSTPARSE_FUZZ", "").lower() == "deep"
EXAMPLES = int(os.environ.get("PSTPARSE_FUZZ_EXAMPLES", "3000")) if DEEP else 0

# The short run keeps to the smaller samples so that each example stays fast.
_CI_MAX_BYTES = {"txt": 20_000, "docx": 40_000, "pdf": 60_000}


def _samples(suffix: str) -> list[Path]:
    paths = sorted(SAMPLES.glob(f"*.{suffix}"))
    if not DEEP:
        paths = [p for p in paths if p.stat().st_size <= _CI_MAX_BYTES[suffix]]
    return paths


def _fuzz_settings(ci_examples: int) -> Callable[[Any], Any]:
    return settings(
        max_examples=EXAMPLES or ci_examples,
        deadline=None,
        derandomize=not DEEP,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )


# --------------------------------------------------------------------------- mutations

# Structural tokens: mutations that splice these in reach deeper than random bytes.
TOKENS = (
    b"%%EOF",
    b"%PDF-1.7\n",
    b"endstream",
    b"stream\n",
    b" obj",
    b"endobj",
    b"<<",
    b">>",
    b"[",
    b"]",
    b"/Length 99999999",
    b"/Filter /FlateDecode",
    b"/Type /Page",
    b"/Kids [",
    b" 0 R",
    b"xref",
    b"trailer",
    b"-1",
    b"999999999999",
    b"(",
    b"\\",
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b"<w:p>",
    b"</w:p>",
    b"<w:tbl><w:tr><w:tc>",
    b'<w:gridSpan w:val="99999"/>',
    b'<w:numPr><w:ilvl w:val="-3"/><w:numId w:val="7"/></w:numPr>',
    b"&amp;",
    b"&#0;",
    b"]]>",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\t",
    b"\f",
    b"\r",
    b"O.S. 1 : ",
    b"OO 1.1 - ",
    b"Action 3 \xe2\x80\x93 ",
    b"\xe2\x80\xa2 ",
)

Op = tuple[Any, ...]


@st.composite
def _op(draw: st.DrawFn) -> Op:
    kind = draw(st.sampled_from(["flip", "truncate", "insert", "token", "dup", "delete"]))
    at = draw(st.floats(0, 1))
    if kind == "flip":
        return (kind, at, draw(st.integers(1, 255)), draw(st.integers(1, 8)))
    if kind == "truncate":
        return (kind, at)
    if kind == "insert":
        return (kind, at, draw(st.binary(min_size=1, max_size=64)))
    if kind == "token":
        return (kind, at, draw(st.sampled_from(TOKENS)))
    length = draw(st.integers(1, 4096))
    if kind == "dup":
        return (kind, at, length, draw(st.floats(0, 1)), draw(st.integers(1, 3)))
    return (kind, at, length)


def mutate(data: bytes, ops: list[Op]) -> bytes:
    """Apply ``ops`` (positions are fractions of the current length) to ``data``."""
    out = bytearray(data)
    for op in ops:
        kind, at = op[0], op[1]
        pos = min(int(at * len(out)), max(len(out) - 1, 0))
        if kind == "flip" and out:
            for i in range(pos, min(pos + op[3], len(out))):
                out[i] ^= op[2]
        elif kind == "truncate":
            del out[pos:]
        elif kind in ("insert", "token"):
            out[pos:pos] = op[2]
        elif kind == "dup":
            chunk = bytes(out[pos : pos + op[2]])
            dest = int(op[3] * len(out))
            out[dest:dest] = chunk * op[4]
        elif kind == "delete":
            del out[pos : pos + op[2]]
    return bytes(out)


_OPS = st.lists(_op(), min_size=1, max_size=4)


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def rezip(members: list[tuple[str, bytes]]) -> bytes:
    """A deflated zip of ``members`` in order (duplicate names allowed, as in the wild)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members:
            zf.writestr(zipfile.ZipInfo(name), body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# --------------------------------------------------------------------------- the check


class Hang(BaseException):  # a BaseException, so that no `except Exception` eats it
    """An input took longer than :data:`TIME_LIMIT`."""


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise Hang(f"took more than {seconds} s")

    # CPU time of this process, not wall time: a runaway input is caught the same way on
    # a quiet machine and on one whose cores are busy with other work.
    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def check(data: bytes, name: str) -> Plan | PstparseError:
    """Extract ``data``: a plan that renders and loads back, or a clean error."""
    try:
        with _time_limit(TIME_LIMIT):
            try:
                plan = extract_bytes(data, name=name)
            except PstparseError as exc:
                _event(f"error: {type(exc).__name__}: {_gist(exc.message)}")
                assert exc.exit_code == 2, exc
                assert str(exc).startswith(f"{name}: "), str(exc)
                assert "\n" not in str(exc) and exc.message.strip(), repr(str(exc))
                return exc
            _event("plan")
            for fmt in ("json", "jsonl", "csv", "tsv"):
                # JSON Lines of a plan without objectives is legitimately empty.
                assert render(plan, fmt) or fmt == "jsonl"
            assert load_plan(render(plan, "yaml"), name="again.yaml") == plan
            return plan
    except Hang as exc:
        pytest.fail(f"{name}: {exc} ({len(data)} bytes)")


def _gist(message: str) -> str:
    """The kind of a message without its details (for the run statistics)."""
    return re.split(r"[(:]| at ", message)[0].strip()


def _event(name: str) -> None:
    if currently_in_test_context():
        event(name)


def _sample_data(path: Path) -> bytes:
    return _CACHE.setdefault(path, path.read_bytes())


_CACHE: dict[Path, bytes] = {}

TXT, DOCX, PDF = _samples("txt"), _samples("docx"), _samples("pdf")


# --------------------------------------------------------------------------- the fuzz tests


@_fuzz_settings(ci_examples=200)
@given(path=st.sampled_from(TXT), ops=_OPS)
def test_fuzz_txt(path: Path, ops: list[Op]) -> None:
    check(mutate(_sample_data(path), ops), path.name)


@_fuzz_settings(ci_examples=40)
@given(path=st.sampled_from(DOCX), ops=_OPS)
def test_fuzz_docx_bytes(path: Path, ops: list[Op]) -> None:
    check(mutate(_sample_data(path), ops), path.name)


@_fuzz_settings(ci_examples=60)
@given(path=st.sampled_from(DOCX), which=st.floats(0, 1), ops=_OPS, drop=st.booleans())
def test_fuzz_docx_members(path: Path, which: float, ops: list[Op], drop: bool) -> None:
    members = [(info.filename, body) for info, body in _members(_sample_data(path))]
    # Mostly the main part, where the text is; sometimes styles, numbering, rels...
    index = min(int(which * len(members)), len(members) - 1)
    if which < 0.5:
        index = [n for n, _ in members].index("word/document.xml")
    name, body = members[index]
    if drop and which > 0.9:
        del members[index]
    else:
        members[index] = (name, mutate(body, ops))
    check(rezip(members), path.name)


@_fuzz_settings(ci_examples=40)
@given(path=st.sampled_from(PDF), ops=_OPS)
def test_fuzz_pdf(path: Path, ops: list[Op]) -> None:
    check(mutate(_sample_data(path), ops), path.name)


@_fuzz_settings(ci_examples=20)
@given(path=st.sampled_from(PDF), ops=_OPS, suffix=st.sampled_from([".txt", ".docx", ".pdf"]))
def test_fuzz_any_name(path: Path, ops: list[Op], suffix: str) -> None:
    """The name does not change the contract: misnamed mutated files too."""
    check(mutate(_sample_data(path), ops), path.stem + suffix)


# --------------------------------------------------------------------------- the harness


def test_mutations_are_deterministic_and_bounded() -> None:
    data = bytes(range(200))
    ops: list[Op] = [("dup", 0.5, 50, 0.0, 3), ("flip", 0.1, 255, 4), ("truncate", 0.9)]
    assert mutate(data, ops) == mutate(data, ops)
    assert len(mutate(data, ops)) == int(0.9 * (200 + 150))
    assert mutate(b"", [("flip", 0.5, 1, 1), ("delete", 0.2, 10)]) == b""


def test_time_limit_interrupts_a_hang() -> None:
    with pytest.raises(Hang), _time_limit(1):
        while True:
            pass


def test_check_accepts_a_sample_and_rejects_damage() -> None:
    sample = next(p for p in TXT if p.name.startswith("seed"))
    assert isinstance(check(_sample_data(sample), sample.name), Plan)
    assert isinstance(check(_sample_data(PDF[0])[:100], "x.pdf"), PstparseError)


def test_rezip_keeps_members() -> None:
    members = [(i.filename, b) for i, b in _members(_sample_data(DOCX[0]))]
    assert [(i.filename, b) for i, b in _members(rezip(members))] == members
