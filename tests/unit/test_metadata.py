"""Territory, network and SIRET: validated, stored in the session, exported and imported back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.importer import ImportRefused, parse_export
from siae_tui.domain.metadata import (
    luhn_valid,
    metadata_problems,
    normalise_network,
    normalise_siret,
    normalise_territory,
    validate_network,
    validate_siret,
    validate_territory,
)
from siae_tui.domain.model import Referentiel
from siae_tui.report.export_json import export_json
from siae_tui.store import SessionError, SessionStore

#: Luhn by hand, from the right, every second digit doubled (minus 9 above 9):
#: 4 7 0 0 0 0 2 3 9 2 8 2 3 7 → kept 4+0+0+2+9+8+3 = 26, doubled 5+0+0+6+4+4+5 = 24; 50 ≡ 0 (mod 10).
VALID_SIRET = "73282932000074"


@pytest.mark.parametrize("code", ["01", "1", "19", "21", "2A", "2b", "95", "971", "974", "976", " 35 "])
def test_departement_codes_are_accepted(code: str) -> None:
    assert validate_territory(code) is None


@pytest.mark.parametrize("code", ["00", "20", "96", "970", "977", "99", "Bretagne", "2C", "350"])
def test_other_territories_are_refused_in_french(code: str) -> None:
    problem = validate_territory(code)
    assert problem is not None and ("département" in problem or "Corse" in problem)


def test_territory_normal_form() -> None:
    assert normalise_territory(" 7 ") == "07" and normalise_territory("2a") == "2A" and normalise_territory("") is None
    assert validate_territory("") is None and validate_territory(None) is None


def test_siret_checksum() -> None:
    assert luhn_valid(VALID_SIRET)
    assert validate_siret(VALID_SIRET) is None
    assert validate_siret("732 829 320 00074") is None and normalise_siret("732 829 320 00074") == VALID_SIRET
    assert "clé de contrôle" in (validate_siret("73282932000075") or "")
    assert "14 chiffres" in (validate_siret("7328293200007") or "")
    assert "14 chiffres" in (validate_siret("7328293200007A") or "")
    assert validate_siret("") is None


def test_la_poste_establishments_follow_their_own_rule() -> None:
    # La Poste's head office passes Luhn; its establishments have a digit sum divisible by 5 instead.
    assert validate_siret("35600000000048") is None
    assert not luhn_valid("35600000049837") and validate_siret("35600000049837") is None  # 3+5+6+4+9+8+3+7 = 45
    assert validate_siret("35600000049838") is not None


def test_network_codes_names_and_free_text() -> None:
    assert normalise_network("COORACE") == "coorace"
    assert normalise_network("Fédération des entreprises d'insertion") == "fei"
    assert normalise_network("  Réseau  local   35 ") == "Réseau local 35"
    assert validate_network("Réseau local 35") is None
    assert "trop long" in (validate_network("x" * 81) or "")
    assert metadata_problems("20", "coorace", "123") == [
        validate_territory("20"),
        validate_siret("123"),
    ]


def _evaluation(ref: Referentiel, **details: str | None) -> Evaluation:
    return Evaluation(ref.id, ref.version, "Régie Élan", dt.date(2026, 3, 12), "ACI", values={"1.1.1": 2}, **details)


def test_session_keeps_the_details_and_older_files_have_none(tmp_path: Path, referentiel: Referentiel) -> None:
    store = SessionStore(tmp_path, [referentiel])
    with store.create(_evaluation(referentiel, territory="35", network="coorace", siret=VALID_SIRET)) as made:
        session_id = made.id
    document = json.loads((tmp_path / f"{session_id}.json").read_text("utf-8"))["session"]["1"]
    assert (document["territory"], document["network"], document["siret"]) == ("35", "coorace", VALID_SIRET)
    with store.open(session_id, read_only=True) as reopened:
        assert (reopened.evaluation.territory, reopened.evaluation.siret) == ("35", VALID_SIRET)
    with store.create(_evaluation(referentiel)) as plain:
        plain_id = plain.id
    document = json.loads((tmp_path / f"{plain_id}.json").read_text("utf-8"))["session"]["1"]
    assert "territory" not in document and "siret" not in document
    with store.open(plain_id, read_only=True) as reopened:
        assert reopened.evaluation.territory is None and reopened.evaluation.network is None


def test_a_session_with_a_bad_siret_is_refused(tmp_path: Path, referentiel: Referentiel) -> None:
    store = SessionStore(tmp_path, [referentiel])
    with store.create(_evaluation(referentiel, siret=VALID_SIRET)) as made:
        path = made.path
    path.write_text(path.read_text("utf-8").replace(VALID_SIRET, "73282932000075"), "utf-8")
    with pytest.raises(SessionError, match="clé de contrôle"):
        store.open(path.stem, read_only=True)


def test_a_rescoring_keeps_the_details(tmp_path: Path, referentiel: Referentiel) -> None:
    store = SessionStore(tmp_path, [referentiel])
    with store.create(_evaluation(referentiel, territory="2A", network="Réseau local")) as made:
        earlier = made.id
    with store.duplicate(earlier, date=dt.date(2027, 3, 1), label="2027") as again:
        assert (again.evaluation.territory, again.evaluation.network) == ("2A", "Réseau local")


def test_export_and_import_round_trip(referentiel: Referentiel) -> None:
    text = export_json(referentiel, _evaluation(referentiel, territory="974", network="fei", siret=VALID_SIRET))
    meta = json.loads(text)["evaluation"]
    assert (meta["territory"], meta["network"], meta["siret"]) == ("974", "fei", VALID_SIRET)
    back = parse_export(text, [referentiel])
    assert (back.territory, back.network, back.siret) == ("974", "fei", VALID_SIRET)
    plain = json.loads(export_json(referentiel, _evaluation(referentiel)))
    assert not {"territory", "network", "siret"} & set(plain["evaluation"])
    assert parse_export(json.dumps(plain), [referentiel]).siret is None


def test_import_refuses_bad_details_in_french(referentiel: Referentiel) -> None:
    data = json.loads(export_json(referentiel, _evaluation(referentiel)))
    data["evaluation"].update({"territory": "20", "siret": "12345678901234", "network": 12})
    with pytest.raises(ImportRefused) as refused:
        parse_export(json.dumps(data), [referentiel])
    problems = "\n".join(refused.value.problems)
    assert "evaluation.territory" in problems and "2A" in problems
    assert "evaluation.siret" in problems and "clé de contrôle" in problems
    assert "evaluation.network : un texte est attendu" in problems
