"""Reports people can act on: the message catalogue in French and English, `--lang`,
`validate` on a hand-edited plan (lines and columns, plain words, every problem, exit
codes, order) and one finding for one renumbered OS/OO."""

from __future__ import annotations

import ast
import io
import json
import re
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pstparse.api import check_plan, extract_bytes
from pstparse.cli import app
from pstparse.exporters import render
from pstparse.model.messages import (
    LANGS,
    RULE_MESSAGES,
    UI,
    default_lang,
    plural,
    template_fields,
)
from pstparse.model.plan import Finding, Kind, Plan, Severity
from pstparse.options import ExtractOptions
from pstparse.validation import RULES, validate
from pstparse.validation.report import Located, sort_findings, text_report
from pstparse.validation.schema import SCHEMA_RULES
from tests.conftest import ROOT, SHARED
from tests.test_validation import act, messy_plan, oo, os_, plan

runner = CliRunner()
SRC = ROOT / "src" / "pstparse"
SEEDS = SHARED / "seeds"

# --- the catalogue ------------------------------------------------------------------------

# Calls that create a finding from a rule id given as a string: the helpers of the
# normaliser (_find), of the validator (add, about, about_item, say, item_message) and the catalogue
# itself (rule_message).
_FINDING_CALLS = {
    "_find",
    "add",
    "about",
    "about_item",
    "say",
    "item_message",
    "rule_message",
    "finding",
    "_finding",
}
_RULE_ID = re.compile(r"^[a-z]+(?:-[a-z]+)+$")


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def raised_rule_ids() -> dict[str, set[str]]:
    """Every rule id a source file of pstparse raises: ``Finding(rule="…")`` and the
    first string argument of the finding helpers, by file."""
    found: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "messages.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            ids: list[str] = []
            for keyword in node.keywords:
                # Finding(rule="…") and PendingFinding(rule="…"), the finding an entry
                # carries to the tree builder.
                if keyword.arg == "rule" and isinstance(keyword.value, ast.Constant):
                    ids.append(str(keyword.value.value))
            if _callee(node) in _FINDING_CALLS:
                # The rule id is the first string argument (a variant may follow).
                first = next(
                    (
                        arg.value
                        for arg in node.args
                        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                    ),
                    None,
                )
                if first is not None and _RULE_ID.match(first):
                    ids.append(first)
            for rule_id in ids:
                found.setdefault(rule_id, set()).add(str(path.relative_to(ROOT)))
    return found


def test_the_source_scan_sees_every_kind_of_raise() -> None:
    raised = raised_rule_ids()
    # One of each: a Finding(rule=…) in the builder, a PendingFinding(rule=…) an entry
    # carries, a _finding in tables, a _find in prose, the collector.
    assert "src/pstparse/normalise/build.py" in raised["level-from-context"]
    assert "src/pstparse/normalise/tables.py" in raised["run-on-split"]
    assert "src/pstparse/normalise/captions.py" in raised["caption-field"]
    assert "src/pstparse/normalise/tables.py" in raised["header-by-words"]
    assert "src/pstparse/normalise/prose.py" in raised["duplicate-block"]
    assert "src/pstparse/validation/rules.py" in raised["empty-title"]
    assert "src/pstparse/validation/rules.py" in raised["code-changed"]


def test_every_raised_rule_id_has_its_messages() -> None:
    raised = raised_rule_ids()
    missing = {rule: files for rule, files in raised.items() if rule not in RULE_MESSAGES}
    assert not missing, f"add these rule ids to pstparse.model.messages.RULE_MESSAGES: {missing}"


def test_every_rule_of_the_registries_has_its_messages() -> None:
    for rule_id in [*RULES, *SCHEMA_RULES]:
        assert RULE_MESSAGES.get(rule_id), rule_id


def test_the_catalogue_holds_no_stale_rule() -> None:
    known = set(raised_rule_ids()) | set(RULES) | set(SCHEMA_RULES)
    assert set(RULE_MESSAGES) <= known


_SAME_FIELD = {"levels": "level"}


def test_every_message_exists_in_both_languages_with_the_same_fields() -> None:
    entries = [
        (f"{rule}/{variant}", text)
        for rule, variants in RULE_MESSAGES.items()
        for variant, text in variants.items()
    ] + list(UI.items())
    assert len(entries) > 90
    for key, text in entries:
        assert text.en.strip() and text.fr.strip(), key
        # French may take a field with its article ("the_item" for "l'OO 1.2"), and the
        # plural of a level where English keeps the singular ("les OO 3 à 5 manquent").
        en, fr = (
            {_SAME_FIELD.get(name, name).removeprefix("the_") for name in template_fields(t)}
            for t in (text.en, text.fr)
        )
        assert en == fr, key
        assert "\n" not in text.en + text.fr, key


def test_plural_variants_come_in_pairs() -> None:
    keys = [f"{rule}/{variant}" for rule, vs in RULE_MESSAGES.items() for variant in vs]
    keys += list(UI)
    for key in keys:
        if key.endswith(".one"):
            assert key.removesuffix(".one") + ".other" in keys, key
        if key.endswith(".other"):
            assert key.removesuffix(".other") + ".one" in keys, key


def test_plural_rules_of_each_language() -> None:
    assert [plural("en", n) for n in (0, 1, 2)] == ["other", "one", "other"]
    assert [plural("fr", n) for n in (0, 1, 2)] == ["one", "one", "other"]


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_BE.UTF-8"}, "fr"),
        ({"LANG": "fr"}, "fr"),
        ({"LANG": "nl_BE.UTF-8"}, "en"),
        ({"LANG": "fr_BE.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, "fr"),
        ({"LC_MESSAGES": "fr_FR", "LC_ALL": "C"}, "en"),
        ({"LC_ALL": "fr_CA.UTF-8", "LANG": "en_US"}, "fr"),
        ({"LC_ALL": "", "LANG": "fr_BE"}, "fr"),
    ],
)
def test_default_language_from_the_environment(environ: dict[str, str], lang: str) -> None:
    assert default_lang(environ) == lang


# --- findings in both languages -----------------------------------------------------------


def test_every_validation_finding_is_worded_in_both_languages() -> None:
    english = validate(messy_plan(), lang="en")
    french = validate(messy_plan(), lang="fr")
    assert [(f.rule, f.severity, f.path, f.source) for f in english] == [
        (f.rule, f.severity, f.path, f.source) for f in french
    ]
    for en, fr in zip(english, french, strict=True):
        assert en.message != fr.message
    assert english[0].message == validate(messy_plan())[0].message  # English by default
    messages = {f.rule: f.message for f in french}
    assert messages["empty-title"] == "L'action 1.5 n'a pas de titre"
    assert messages["oo-without-action"] == "L'OO 2.2 n'a aucune action"
    assert messages["os-without-content"] == "L'OS 3 n'a ni OO ni action"
    assert messages["code-parent-mismatch"] == (
        "Le code de l'OO 2.2 ne prolonge pas celui de son parent, l'OS 1"
    )


@pytest.mark.parametrize(
    ("seed", "rules"),
    [
        ("000_17f37316603afe02.txt", {"run-on-split", "level-from-context", "missing-level"}),
        ("001_443f9eaa70be8268.txt", {"duplicate-block", "truncated-text"}),
        ("002_c39db97d7a9c9156.txt", {"debris-cleaned"}),
    ],
)
def test_extraction_findings_in_the_language_of_extraction(seed: str, rules: set[str]) -> None:
    data = (SEEDS / seed).read_bytes()
    english = extract_bytes(data, name=seed)
    french = extract_bytes(data, name=seed, options=ExtractOptions(lang="fr"))
    assert english.model_dump(exclude={"findings"}) == french.model_dump(exclude={"findings"})
    assert [(f.rule, f.path) for f in english.findings] == [
        (f.rule, f.path) for f in french.findings
    ]
    assert rules <= {f.rule for f in french.findings}
    for en, fr in zip(english.findings, french.findings, strict=True):
        assert en.message != fr.message, en.message


def test_extract_lang_option_and_environment_default(monkeypatch: pytest.MonkeyPatch) -> None:
    seed = str(SEEDS / "000_17f37316603afe02.txt")
    french = yaml.safe_load(runner.invoke(app, ["extract", seed, "--lang", "fr"]).stdout)
    english = yaml.safe_load(runner.invoke(app, ["extract", seed]).stdout)
    assert any("texte sans intitulé" in f["message"] for f in french["findings"])
    assert not any("texte sans intitulé" in f["message"] for f in english["findings"])
    monkeypatch.setenv("LANG", "fr_BE.UTF-8")
    assert yaml.safe_load(runner.invoke(app, ["extract", seed]).stdout) == french
    assert yaml.safe_load(runner.invoke(app, ["extract", seed, "--lang", "en"]).stdout) == (english)


def test_batch_summary_in_both_languages(tmp_path: Path) -> None:
    seeds = [str(SEEDS / "000_17f37316603afe02.txt"), str(tmp_path / "missing.txt")]
    out = str(tmp_path / "out") + "/"
    english = runner.invoke(app, ["extract", *seeds, "-o", out, "--lang", "en"])
    french = runner.invoke(app, ["extract", *seeds, "-o", out, "--lang", "fr"])
    assert english.exit_code == french.exit_code == 2
    assert "pstparse: 2 files: 1 done, 1 failed, 0 skipped" in english.stderr
    assert re.search(r"findings: \d+ errors?, \d+ warnings?, \d+ info", english.stderr)
    assert "pstparse: fichiers : 2 ; traités : 1, en échec : 1, ignorés : 0" in french.stderr
    assert re.search(r"constats : \d+ erreurs?, \d+ avertissements?, \d+ infos?", french.stderr)
    assert "pstparse: en échec : " in french.stderr and "missing.txt" in french.stderr


# --- validate on a hand-edited plan -------------------------------------------------------

EDITED = """\
document:
  kind: pst
strategic_objectives:
- code: '1'
  title: Mobilité
  operational_objectives:
  - code: '1.2'
    title: Vélo
    actions:
    - code: '1.2.3'
      title: Créer des pistes
      pilotes: Service travaux
    - code: '1.2.4'
      source: {page: abc}
  - code: '1.3'
    title: Bus
    actions: {code: '1.3.1'}
- code: '2'
  titel: Climat
findings:
- rule: x
  severity: grave
  message: m
"""


def _report(text: str, lang: str, tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--lang", lang, *extra])
    return result.exit_code, result.stdout, result.stderr.replace(str(path), "plan.yaml")


def test_validate_names_line_and_column_in_plain_words(tmp_path: Path) -> None:
    code, out, err = _report(EDITED, "fr", tmp_path)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "plan.yaml, ligne 12, colonne 7 : erreur unknown-key : Clé inconnue `pilotes`"
        " dans l'action 1.2.3",
        "plan.yaml, ligne 13, colonne 7 : erreur missing-key : Clé `title` manquante"
        " dans l'action 1.2.4",
        "plan.yaml, ligne 14, colonne 16 : erreur wrong-type : `source.page` dans l'action"
        " 1.2.4 doit être un nombre entier, et non `abc`",
        "plan.yaml, ligne 17, colonne 5 : erreur wrong-type : `actions` dans l'OO 1.3 doit"
        " être une liste, et non un ensemble clé : valeur",
        "plan.yaml, ligne 18, colonne 3 : erreur missing-key : Clé `title` manquante dans l'OS 2",
        "plan.yaml, ligne 19, colonne 3 : erreur unknown-key : Clé inconnue `titel` dans l'OS 2",
        "plan.yaml, ligne 22, colonne 3 : erreur invalid-value : `severity` dans le"
        " constat n° 1 doit valoir l'un de `error`, `warning` ou `info`, et non `grave`",
        "7 erreurs, 0 avertissement, 0 info",
    ]
    code, _, err = _report(EDITED, "en", tmp_path)
    assert code == 1
    assert err.splitlines()[0] == (
        "plan.yaml, line 12, column 7: error unknown-key: Unknown key `pilotes` in action 1.2.3"
    )
    assert err.splitlines()[-1] == "7 errors, 0 warnings, 0 info"


def test_validate_reports_every_schema_problem(tmp_path: Path) -> None:
    many = "strategic_objectives:\n" + "".join(
        f"- title: OS {i}\n  pilote{i}: x\n" for i in range(1, 13)
    )
    code, out, err = _report(many, "en", tmp_path, "--format", "json")
    assert code == 1 and err == ""
    report = json.loads(out)
    assert report["counts"] == {"error": 12, "warning": 0, "info": 0}
    assert [(f["rule"], f["line"], f["column"]) for f in report["findings"]] == [
        ("unknown-key", 2 * i + 1, 3) for i in range(1, 13)
    ]
    assert report["findings"][0]["message"] == 'Unknown key `pilote1` in OS "OS 1"'


def test_validate_exit_2_only_for_what_is_not_yaml_or_json(tmp_path: Path) -> None:
    for text in ("strategic_objectives: [\n", '{"strategic_objectives": [}'):
        code, out, err = _report(text, "fr", tmp_path)
        assert code == 2 and out == ""
        assert len(err.splitlines()) == 1 and "malformed" in err
    code, _, _ = _report("strategic_objectives:\n- code: '1'\n", "en", tmp_path)
    assert code == 1


def test_validate_json_plan_gets_lines_too(tmp_path: Path) -> None:
    data = yaml.safe_load(EDITED)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "-f", "json", "--lang", "en"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    lines = path.read_text(encoding="utf-8").splitlines()
    first = findings[0]
    assert first["rule"] == "unknown-key"
    assert '"pilotes"' in lines[first["line"] - 1]
    assert lines[first["line"] - 1].index('"pilotes"') == first["column"] - 1


def _valid_yaml() -> str:
    source = SEEDS / "000_17f37316603afe02.txt"
    return render(extract_bytes(source.read_bytes(), name=source.name), "yaml")


def test_rule_findings_are_sorted_by_severity_then_line(tmp_path: Path) -> None:
    text = _valid_yaml()
    # OO 4.3 renumbered 4.2 far down: an error, reported before every warning.
    lines = text.splitlines()
    codes = [i for i, line in enumerate(lines) if line.startswith("  - code: '4.3'")]
    lines[codes[0]] = "  - code: '4.2'"
    code, out, _ = _report("\n".join(lines) + "\n", "en", tmp_path, "-f", "json")
    findings = json.loads(out)["findings"]
    assert code == 1
    severities = [f["severity"] for f in findings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert findings[0]["rule"] == "code-changed"
    assert findings[0]["message"].startswith("OO 4.2 looks renumbered from 4.3: 4.3 is missing")
    assert findings[0]["line"] == codes[0] + 1  # the `code:` line of the second 4.2
    for severity in ("error", "warning", "info"):
        positions = [(f["line"], f["column"]) for f in findings if f["severity"] == severity]
        assert positions == sorted(positions)
    assert all(f["line"] is not None for f in findings)


def test_sort_findings_keeps_unlocated_last_within_severity() -> None:
    def f(severity: Severity, message: str) -> Finding:
        return Finding(rule="x", severity=severity, message=message)

    entries = [
        Located(f(Severity.INFO, "i"), 1, 1),
        Located(f(Severity.ERROR, "no line")),
        Located(f(Severity.WARNING, "w9"), 9, 1),
        Located(f(Severity.ERROR, "e5"), 5, 3),
        Located(f(Severity.ERROR, "e5b"), 5, 1),
        Located(f(Severity.WARNING, "w2"), 2, 8),
    ]
    assert [e.finding.message for e in sort_findings(entries)] == [
        "e5b",
        "e5",
        "no line",
        "w2",
        "w9",
        "i",
    ]


def test_text_report_in_french_names_severities_and_sources() -> None:
    findings = validate(messy_plan(), lang="fr")
    report = text_report(findings, name="p.yaml", lang="fr").splitlines()
    assert report[-1] == "3 erreurs, 9 avertissements, 1 info"
    assert any(line.startswith("p.yaml : erreur empty-title ") for line in report)


# --- one renumbered OS or OO: one finding -------------------------------------------------


def _five_oo(changed: str | None = None, *, actions: int = 11) -> Plan:
    oos = [
        oo(f"2.{j}", *(act(f"2.{j}.{k}") for k in range(1, (actions if j == 3 else 2) + 1)))
        for j in range(1, 6)
    ]
    if changed is not None:
        oos[2].code = changed
    return plan(os_("1", oo("1.1", act("1.1.1"))), os_("2", *oos))


@pytest.mark.parametrize("new", ["2.9", "2.7", "3.3", "2.4", "29"])
def test_a_changed_oo_code_is_one_finding(new: str) -> None:
    assert validate(_five_oo()) == []
    for lang, expected in (
        ("en", f"OO {new} looks renumbered from 2.3: its 11 actions still say 2.3.x"),
        ("fr", f"Le code de l'OO {new} semble avoir été changé depuis 2.3 : ses 11 actions"),
    ):
        findings = validate(_five_oo(new), lang=lang)
        assert len(findings) == 1, [f.message for f in findings]
        assert findings[0].rule == "code-changed"
        assert findings[0].severity is Severity.ERROR
        assert findings[0].path == "strategic_objectives[1].operational_objectives[2]"
        assert findings[0].message.startswith(expected)


def test_a_changed_os_code_is_one_finding() -> None:
    p = _five_oo()
    p.strategic_objectives[1].code = "7"
    findings = validate(p)
    assert [f.message for f in findings] == [
        "OS 7 looks renumbered from 2: its 5 OO still say 2.x (put the code back, or"
        " renumber them too)"
    ]


@pytest.mark.parametrize("level", ["oo", "action"])
def test_a_changed_code_without_coded_children_is_one_finding(level: str) -> None:
    if level == "oo":
        p = plan(os_("1", *(oo(f"1.{j}", act()) for j in range(1, 6))))
        p.strategic_objectives[0].operational_objectives[1].code = "1.9"
        name = "OO 1.9 looks renumbered from 1.2: 1.2 is missing between OO 1.1 and OO 1.3"
    else:
        p = plan(os_("1", oo("1.1", *(act(f"1.1.{k}") for k in range(1, 6)))))
        p.strategic_objectives[0].operational_objectives[0].actions[0].code = "1.1.8"
        name = "Action 1.1.8 looks renumbered from 1.1.1: its siblings start at action 1.1.2"
    assert [f.message for f in validate(p)] == [name]


def test_a_real_gap_is_still_a_gap() -> None:
    # OO 1.2 deleted, not renumbered: 1.1, 1.3, 1.4 is a gap.
    p = plan(os_("1", *(oo(f"1.{j}", act()) for j in (1, 3, 4))))
    assert [f.rule for f in validate(p)] == ["numbering-gap"]
    # Children that disagree among themselves point at no single renumbering.
    mixed = plan(os_("1", oo("1.1", act("1.1.1")), oo("1.2", act("1.5.1"), act("1.6.2"))))
    rules = [f.rule for f in validate(mixed)]
    assert "code-changed" not in rules and rules.count("code-parent-mismatch") == 2


def test_validate_cli_reports_a_changed_oo_once(tmp_path: Path) -> None:
    text = render(_five_oo("2.9"), "yaml")
    code, out, err = _report(text, "en", tmp_path)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) == 2
    line_no = int(re.search(r"line (\d+)", lines[0]).group(1))  # type: ignore[union-attr]
    assert text.splitlines()[line_no - 1].strip() == "- code: '2.9'"
    assert "error code-changed: OO 2.9 looks renumbered from 2.3" in lines[0]
    assert lines[1] == "1 error, 0 warnings, 0 info"


# --- property: a renamed key is always found on its own line ------------------------------

_KEY_LINE = re.compile(r"^(?P<indent>\s*(?:- )?)(?P<key>[a-z_]+):(?=\s|$)")
_VALID = _valid_yaml()
_KEY_LINES = [(i, m) for i, line in enumerate(_VALID.splitlines()) if (m := _KEY_LINE.match(line))]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=len(_KEY_LINES) - 1),
    suffix=st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6),
    lang=st.sampled_from(LANGS),
)
def test_a_renamed_key_is_reported_on_the_line_that_holds_it(
    index: int, suffix: str, lang: str
) -> None:
    number, match = _KEY_LINES[index]
    new_key = f"x{suffix}_{match['key']}"
    lines = _VALID.splitlines()
    lines[number] = match["indent"] + new_key + lines[number][match.end("key") :]
    findings = check_plan("\n".join(lines) + "\n", name="p.yaml", lang=lang)  # type: ignore[arg-type]
    unknown = [e for e in findings if e.finding.rule == "unknown-key"]
    assert len(unknown) == 1
    entry = unknown[0]
    assert entry.line == number + 1
    assert entry.column == len(match["indent"]) + 1
    assert f"`{new_key}`" in entry.finding.message
    assert lines[number][entry.column - 1 :].startswith(new_key + ":")
    assert all(e.finding.severity is Severity.ERROR for e in findings)


def test_validate_of_an_untouched_extraction_matches_the_library(tmp_path: Path) -> None:
    source = SEEDS / "000_17f37316603afe02.txt"
    extracted = extract_bytes(source.read_bytes(), name=source.name)
    entries = check_plan(render(extracted, "yaml"), name="p.yaml")
    assert sorted(e.finding.message for e in entries) == sorted(
        f.message for f in extracted.findings
    )
    assert all(e.line is not None for e in entries)
    assert extracted.document.kind is Kind.PST


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["batch summary", "files", "done", "failed", "error findings", "time"]),
        ("fr", ["bilan du lot", "fichiers", "traités", "en échec", "constats de niveau erreur"]),
    ],
)
def test_terminal_summary_table_in_both_languages(
    monkeypatch: pytest.MonkeyPatch, lang: str, words: list[str]
) -> None:
    from pstparse import batch
    from pstparse.cli.view import print_summary

    fake = _Tty()
    monkeypatch.setattr(sys, "stderr", fake)
    summary = batch.Summary()
    summary.add(batch.Outcome("a.txt", "ok", counts=batch.Counts(2, 3, 4)))
    summary.add(batch.failed("b.txt", "no such file [x]"))
    print_summary(summary, lang)  # type: ignore[arg-type]
    text = re.sub(r"\x1b\[[0-9;]*m", "", fake.getvalue())
    for word in words:
        assert word in text, word
    # The failed file's message keeps its brackets (not read as rich markup).
    assert "b.txt: no such file [x]" in text


def test_check_plan_library_locates_every_schema_problem() -> None:
    entries = check_plan(EDITED.encode("utf-8"), name="plan.yaml", lang="en")
    assert [(e.finding.rule, e.line, e.column) for e in entries] == [
        ("unknown-key", 12, 7),
        ("missing-key", 13, 7),
        ("wrong-type", 14, 16),
        ("wrong-type", 17, 5),
        ("missing-key", 18, 3),
        ("unknown-key", 19, 3),
        ("invalid-value", 22, 3),
    ]
    lines = EDITED.splitlines()
    for entry in entries:
        assert entry.line is not None and entry.column is not None
        key = lines[entry.line - 1][entry.column - 1 :].split(":")[0]
        # A missing key points at the item that lacks it (its first key), others at
        # the key they name.
        assert (entry.finding.rule == "missing-key") != (key in entry.finding.message)
    assert entries[0].finding.path == (
        "strategic_objectives[0].operational_objectives[0].actions[0].pilotes"
    )


def test_a_french_plan_validated_in_english(tmp_path: Path) -> None:
    seed = str(SEEDS / "000_17f37316603afe02.txt")
    french = runner.invoke(app, ["extract", seed, "--lang", "fr"]).stdout
    code, out, _ = _report(french, "en", tmp_path, "-f", "json")
    findings = json.loads(out)["findings"]
    assert code == 0
    by_rule = {f["rule"]: f["message"] for f in findings}
    # Validation rules are worded again in the report's language...
    assert by_rule["numbering-gap"].startswith("OO 4.1 is missing")
    # ...extraction findings stay as the plan stores them.
    assert by_rule["level-from-context"].lower().startswith("texte sans intitulé")


@settings(max_examples=60, deadline=None)
@given(
    shape=st.lists(
        st.lists(st.integers(min_value=2, max_value=5), min_size=1, max_size=5),
        min_size=1,
        max_size=4,
    ),
    pick=st.tuples(st.integers(min_value=0), st.integers(min_value=0)),
    new=st.tuples(st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=12)),
    lang=st.sampled_from(LANGS),
)
def test_any_changed_oo_code_gives_one_finding(
    shape: list[list[int]], pick: tuple[int, int], new: tuple[int, int], lang: str
) -> None:
    """A consistent plan (OS i, OO i.j, actions i.j.k) with one OO code changed by hand
    to any other dotted code gives exactly one finding, `code-changed`, at that OO."""
    p = plan(
        *(
            os_(
                str(i),
                *(
                    oo(f"{i}.{j}", *(act(f"{i}.{j}.{k}") for k in range(1, n + 1)))
                    for j, n in enumerate(oos, start=1)
                ),
            )
            for i, oos in enumerate(shape, start=1)
        )
    )
    assert validate(p) == []
    i = pick[0] % len(shape)
    j = pick[1] % len(shape[i])
    old = f"{i + 1}.{j + 1}"
    code = f"{new[0]}.{new[1]}"
    assume(code != old)
    p.strategic_objectives[i].operational_objectives[j].code = code
    findings = validate(p, lang=lang)  # type: ignore[arg-type]
    assert [(f.rule, f.path) for f in findings] == [
        ("code-changed", f"strategic_objectives[{i}].operational_objectives[{j}]")
    ], [f.message for f in findings]
    assert old in findings[0].message and code in findings[0].message


def test_no_rule_id_travels_inside_a_string() -> None:
    # Findings met while reading entries are data (PendingFinding), not a role string
    # the builder has to take apart.
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert '"finding:' not in text and 'f"finding:' not in text, path
