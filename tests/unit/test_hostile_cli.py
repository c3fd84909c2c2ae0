"""Every CLI command run on the hostile corpus: French messages naming the file, never a traceback.

The corpus is ``tests/data/hostile/`` (small files: surrogates, 5,000-digit
integers, NaN, YAML tags, an alias bomb, duplicate keys, Latin-1, UTF-16,
escapes, a corrupt index…) plus what cannot or should not be committed, made
here: JSON and YAML nested 100,000 deep, a symlinked session and lock, FIFOs,
directories and a device node named like sessions, référentiels and imports.
Each command runs as a user would run it (in the test process with a user's
streams, ``tests/cli.py``; the listing also in its own process); the good
sessions beside the bad ones must still list and work.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.loader import load_referentiel
from siae_tui.store import SessionStore
from tests.cli import Run, run_cli
from tests.conftest import DATA, DEFAULT_REFERENTIEL
from tests.waiting import HANG_GUARD

HOSTILE = DATA / "hostile"
#: Nothing a user sees may contain these: Python's own texts, or what the escapes tried to smuggle.
FORBIDDEN = ("Traceback", "Warning", "MemoryError", "Errno", "did not find", "Is a directory", "No such file", "codec")
FORBIDDEN_BYTES = ("\x1b", "\x07", "\x9b", "PWNED")
DEEP = 100_000


@dataclass
class Corpus:
    sessions: Path
    referentiels: Path
    imports: Path
    good: list[str]
    bad_sessions: list[str]
    bad_imports: list[Path]
    bad_referentiels: list[Path]
    export_targets: dict[str, Path] = field(default_factory=dict)


def _special_files(directory: Path, stem: str, suffix: str) -> list[str]:
    """A FIFO, a directory and (where allowed) a character device named like the files of ``directory``."""
    names = [f"{stem}-fifo{suffix}", f"{stem}-dir{suffix}"]
    os.mkfifo(directory / names[0])
    (directory / names[1]).mkdir()
    try:
        os.mknod(directory / f"{stem}-dev{suffix}", stat.S_IFCHR | 0o666, os.makedev(1, 7))  # like /dev/full
        names.append(f"{stem}-dev{suffix}")
    except OSError:
        pass
    return names


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(HOSTILE, root, dirs_exist_ok=True)
    sessions, referentiels, imports = root / "sessions", root / "referentiels", root / "imports"
    store = SessionStore(sessions, [load_referentiel(DEFAULT_REFERENTIEL)])
    good = []
    for label, value in (("a", 1), ("b", 3), ("c", 2)):
        referentiel = store.referentiels[0]
        session = store.create(
            Evaluation(referentiel.id, referentiel.version, "Bonne SIAE", dt.date(2026, 3, 12), "ACI", label)
        )
        session.set_value("1.1.1", value)
        session.close()
        good.append(session.id)
    deep = "[" * DEEP + "]" * DEEP
    (sessions / "deep.json").write_text('{"session": {"1": ' + deep + "}}", encoding="utf-8")
    (sessions / "link-passwd.json").symlink_to("/etc/passwd")
    victim = root / "victime.txt"
    victim.write_text("intact", encoding="utf-8")
    (sessions / f".{good[2]}.lock").unlink()
    (sessions / f".{good[2]}.lock").symlink_to(victim)  # good[2] lists and reads, but is never opened for writing
    bad_sessions = sorted(
        p.stem for p in sessions.iterdir() if p.suffix == ".json" and not p.name.startswith((".", "good-"))
    )
    bad_sessions = [s for s in bad_sessions if s not in good]
    bad_sessions += [Path(n).stem for n in _special_files(sessions, "special", ".json")]
    (imports / "deep.json").write_text(deep, encoding="utf-8")
    bad_imports = sorted(p for p in imports.iterdir() if not p.name.startswith("escapes."))
    bad_imports += [imports / n for n in _special_files(imports, "special", ".json")]
    (referentiels / "deep.yaml").write_text(deep, encoding="utf-8")
    bad_referentiels = sorted(p for p in referentiels.iterdir() if p.name != "escapes.yaml")
    bad_referentiels += [referentiels / n for n in _special_files(referentiels, "special", ".yaml")]
    targets = {}
    targets["symlink"] = root / "lien.md"
    targets["symlink"].symlink_to(victim)
    targets["fifo"] = root / "tube.md"
    os.mkfifo(targets["fifo"])
    targets["directory"] = root / "rep.md"
    targets["directory"].mkdir()
    targets["session"] = sessions / f"{good[1]}.json"
    with_device = _special_files(root, "export", ".md")
    if len(with_device) == 3:
        targets["device"] = root / with_device[2]
    return Corpus(sessions, referentiels, imports, good, sorted(bad_sessions), bad_imports, bad_referentiels, targets)


def run_all(corpus: Corpus, commands: list[list[str]], *, own_process: bool = False) -> list[Run]:
    """Run each command as ``siae-tui --sessions-dir … --referentiels-dir … COMMAND``.

    In the test process (``tests/cli.py``: the streams and exit codes a user sees), or each in
    its own ``python -m siae_tui`` with ``own_process``, four at a time.
    """
    folders = ["--sessions-dir", str(corpus.sessions), "--referentiels-dir", str(corpus.referentiels)]
    environment = {"NO_COLOR": "1", "COLUMNS": "100"}
    if not own_process:
        return [replace(run_cli([*folders, *args], env=environment), args=args) for args in commands]

    def one(args: list[str]) -> Run:
        try:
            result = subprocess.run(
                [sys.executable, "-m", "siae_tui", *folders, *args],
                capture_output=True,
                text=True,
                errors="replace",
                stdin=subprocess.DEVNULL,
                timeout=HANG_GUARD,
                env={**os.environ, **environment},
            )
        except subprocess.TimeoutExpired:
            return Run(args, -999, "", "délai dépassé (la commande attendait un terminal ou un tube ?)")
        return Run(args, result.returncode, result.stdout, result.stderr)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, commands))


def assert_clean(run: Run) -> None:
    for text in (run.stdout, run.stderr):
        for word in (*FORBIDDEN, *FORBIDDEN_BYTES):
            assert word not in text, (run.args, word, text[-2000:])


def assert_refused(run: Run, *mentions: str) -> None:
    assert run.returncode not in (0, -999), (run.args, run.stdout[-500:], run.stderr[-500:])
    assert run.stderr.startswith("siae-tui : "), (run.args, run.stderr[-500:])
    for mention in mentions:
        assert mention in run.stderr, (run.args, mention, run.stderr[-1000:])
    assert_clean(run)


def test_list_reports_each_bad_file_and_still_lists_the_good_ones(corpus: Corpus) -> None:
    text, as_json = run_all(corpus, [["list"], ["list", "--json"]], own_process=True)
    for run in (text, as_json):
        assert run.returncode == 0, run.stderr
        assert_clean(run)
        for bad in corpus.bad_sessions:
            assert f"{bad}.json" in run.stderr, (bad, run.stderr)
        assert "siae-tui : fichier ignoré" in run.stderr
    listed = {entry["id"]: entry for entry in json.loads(as_json.stdout)}
    assert set(listed) == {*corpus.good, "good-escapes", "good-bom", "good-evidence"}
    assert listed["good-escapes"]["siae"] == "Régie Élan" and listed["good-escapes"]["label"] == "Revue"
    for session_id in listed:
        assert session_id in text.stdout


def test_every_read_command_refuses_each_bad_session_naming_it(corpus: Corpus) -> None:
    commands = []
    for bad in corpus.bad_sessions:
        commands += [
            ["recap", bad],
            ["recap", bad, "--json"],
            ["radar", bad],
            ["export", bad, "--format", "md"],
            ["export", bad, "--format", "json", "-o", str(corpus.sessions.parent / "sortie.json")],
            ["compare", bad, corpus.good[0]],
            ["compare", corpus.good[0], bad],
            ["open", bad],
            ["evidence", bad],
        ]
    commands += [[command, "x" * 300] for command in ("recap", "radar", "export", "open", "evidence")]
    runs = run_all(corpus, commands)
    for run in runs:
        name = next(a for a in run.args[1:] if not a.startswith("-") and a != corpus.good[0])
        assert_refused(run, "trop long" if name == "x" * 300 else name)
    assert len(runs) == 9 * len(corpus.bad_sessions) + 5
    assert not (corpus.sessions.parent / "sortie.json").exists()


def test_the_good_sessions_work_beside_the_bad_ones(corpus: Corpus) -> None:
    a, b, c = corpus.good
    commands = [
        ["recap", a],
        ["recap", "good-escapes"],
        ["recap", "good-bom", "--json"],
        ["radar", b],
        ["history", "Bonne SIAE"],
        ["history", "Régie Élan"],
        ["history", "Bonne SIAE", "--format", "json"],
        ["export", "good-escapes", "--format", "md"],
        ["export", "good-escapes", "--format", "json"],
        ["compare", a, b],
        ["compare", a, c, "--format", "md"],
        ["referentiel", "list"],
        ["referentiel", "check", str(corpus.referentiels / "escapes.yaml")],
        # Evidence with escapes, a formula and a « javascript: » location, in every format that shows it.
        ["evidence", "good-evidence"],
        ["evidence", "good-evidence", "--format", "html"],
        ["export", "good-evidence", "--format", "html"],
        ["export", "good-evidence", "--format", "csv"],
        ["recap", "good-evidence"],
    ]
    runs = run_all(corpus, commands)
    for run in runs:
        assert run.returncode == 0, (run.args, run.stderr[-1000:])
        assert_clean(run)
    history = runs[4]
    assert "3 évaluation(s)" in history.stdout
    assert "Régie Élan" in runs[1].stdout and "Régie Élan" in runs[7].stdout
    assert "Mini échappé" in runs[11].stdout  # the référentiel with escapes in its title, cleaned
    dossier, dossier_page, report, table, recap = runs[13:18]
    assert "« Livret d'accueil » · 15/01/2026 · https://intranet.example/livret" in dossier.stdout
    for page in (dossier_page.stdout, report.stdout):
        assert 'href="https://intranet.example/livret"' in page and 'href="javascript' not in page
    assert "Livret d'accueil · 15/01/2026" in table.stdout and ";=" not in table.stdout and "Cible" in recap.stdout


def test_open_with_a_symlinked_lock_is_refused_and_its_target_untouched(corpus: Corpus) -> None:
    [run] = run_all(corpus, [["open", corpus.good[2]]])
    assert_refused(run, "lien symbolique")
    assert (corpus.sessions.parent / "victime.txt").read_text(encoding="utf-8") == "intact"


def test_every_bad_import_is_refused_naming_the_file_and_creates_nothing(corpus: Corpus) -> None:
    before = sorted(p.name for p in corpus.sessions.iterdir())
    runs = run_all(corpus, [["import", str(path)] for path in corpus.bad_imports])
    for run, path in zip(runs, corpus.bad_imports, strict=True):
        assert_refused(run, str(path))
        assert "- \n" not in run.stderr and not run.stderr.rstrip().endswith(":"), run.stderr  # problems listed
    assert sorted(p.name for p in corpus.sessions.iterdir()) == before


def test_an_import_with_escapes_is_cleaned(corpus: Corpus, tmp_path: Path) -> None:
    target = tmp_path / "sessions"
    shutil.copytree(corpus.sessions, target, symlinks=True, ignore=shutil.ignore_patterns("special-*"))
    local = Corpus(target, corpus.referentiels, corpus.imports, [], [], [], [])
    [imported] = run_all(local, [["import", str(corpus.imports / "escapes.json")]])
    assert imported.returncode == 0, imported.stderr
    session_id = imported.stdout.split()[-1]
    for run in run_all(local, [["list"], ["recap", session_id], ["history", "Régie Élan"]]):
        assert run.returncode == 0 and "Régie Élan" in run.stdout, run.stderr
        assert_clean(run)


def test_referentiel_check_refuses_each_hostile_file_in_french(corpus: Corpus) -> None:
    runs = run_all(corpus, [["referentiel", "check", str(path)] for path in corpus.bad_referentiels])
    for run, path in zip(runs, corpus.bad_referentiels, strict=True):
        assert_refused(run, str(path), "Référentiel invalide")


def test_export_refuses_links_fifos_directories_devices_and_sessions(corpus: Corpus) -> None:
    kinds = list(corpus.export_targets)
    before = (corpus.sessions / f"{corpus.good[1]}.json").read_bytes()
    runs = run_all(
        corpus, [["export", corpus.good[0], "--format", "md", "-o", str(corpus.export_targets[k])] for k in kinds]
    )
    for run, kind in zip(runs, kinds, strict=True):
        assert_refused(run, str(corpus.export_targets[kind]), "export refusé")
    assert (corpus.sessions / f"{corpus.good[1]}.json").read_bytes() == before
    assert corpus.export_targets["symlink"].is_symlink()


def test_consolidate_lists_every_hostile_file_and_consolidates_the_good_ones(corpus: Corpus) -> None:
    folders = [str(corpus.sessions), str(corpus.imports)]
    runs = run_all(
        corpus,
        [
            ["consolidate", *folders, "--min-group", "1", "--format", fmt]
            for fmt in ("text", "json", "md", "csv", "html")
        ]
        + [["consolidate", *folders, "--strict"]],
    )
    for run in runs[:-1]:
        assert run.returncode == 0, (run.args, run.stderr[-1000:])
        assert_clean(run)
        # A folder named like a file is walked into (it holds nothing); every other bad file is named.
        for bad in corpus.bad_sessions:
            if not (corpus.sessions / f"{bad}.json").is_dir():
                assert f" : {corpus.sessions / bad}.json : " in run.stderr, (bad, run.stderr[-2000:])
        for path in corpus.bad_imports:
            if path.suffix == ".json" and not path.is_dir():
                assert f" : {path} : " in run.stderr and "fichier écarté n°" in run.stderr, (path, run.stderr[-2000:])
    document = json.loads(runs[1].stdout)
    assert document["count"] >= 2 and document["groups"]
    assert_refused(runs[-1], "--strict")
