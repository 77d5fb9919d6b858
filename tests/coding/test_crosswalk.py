"""Integrity of the CAMEO / PLOVER / ACLED / CASE 2021 crosswalks."""

from __future__ import annotations

import pytest

from tocsin.coding.crosswalk import Crosswalk, CrosswalkError, PloverCode
from tocsin.model import PLOVER_TYPES

ACLED_SUB_EVENTS = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}


@pytest.fixture(scope="module")
def cw() -> Crosswalk:
    return Crosswalk.load()


def test_load_is_cached(cw):
    assert Crosswalk.load() is cw


def test_every_cameo_code_maps_to_a_plover_type_or_is_a_dropped_statement(cw):
    assert len(cw.cameo) > 280
    for code, plover in cw.cameo.items():
        assert code.isdigit() and 2 <= len(code) <= 4, code
        if code.startswith("01"):
            assert plover is None, code  # the manual drops CAMEO 01
        else:
            assert plover is not None and plover.type in PLOVER_TYPES, code


def test_every_cameo_root_is_present(cw):
    for root in range(1, 21):
        assert f"{root:02d}" in cw.cameo


@pytest.mark.parametrize("code,expected", [
    ("193", PloverCode("ASSAULT", "firearms", ("military",))),
    ("173", PloverCode("COERCE", "arrest", ("legal",))),
    ("1121", PloverCode("ACCUSE", "allege", ("crime", "corruption"))),
    ("0233", PloverCode("REQUEST", "assist", ("humanitarian",))),
])
def test_known_cameo_codes(cw, code, expected):
    assert cw.plover_for_cameo(code) == expected


def test_older_plover_labels_are_mapped_to_current_types(cw):
    assert cw.plover_for_cameo("09").type == "ACCUSE"     # INVESTIGATE
    assert cw.plover_for_cameo("090").mode == "investigate"
    assert cw.plover_for_cameo("10").type == "REQUEST"    # DEMAND
    assert cw.plover_for_cameo("111").mode == "disapprove"  # DISAPPROVE
    assert cw.plover_for_cameo("19").type == "ASSAULT"    # FIGHT


def test_unknown_subcode_falls_back_to_its_prefix(cw):
    assert cw.plover_for_cameo("1439").type == "PROTEST"
    assert cw.plover_for_cameo("99") is None


def test_source_fixes_leave_only_clean_modes(cw):
    assert cw.plover_for_cameo("085").mode is None
    assert cw.plover_for_cameo("175") == PloverCode("ASSAULT", None, ("pro_autocracy", "military"))


def test_acled_taxonomy_is_complete(cw):
    assert len(cw.acled_sub_event_types) == 25
    for event_type, subs in ACLED_SUB_EVENTS.items():
        for sub in subs:
            assert cw.acled_event_type(sub) == event_type


def test_case_codes_round_trip(cw):
    assert len(cw.case_labels) == 30
    for sub in cw.acled_sub_event_types:
        label = cw.case_label_for_acled(sub)
        assert cw.acled_for_case_label(label) == (cw.acled_event_type(sub), sub)
    for unseen in ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"):
        assert cw.acled_for_case_label(unseen) is None
    assert cw.case_label_for_acled("Air/drone strike") == "AIR_STRIKE"
    with pytest.raises(CrosswalkError):
        cw.acled_for_case_label("NOT_A_LABEL")


def test_every_plover_type_has_acled_and_cameo_defaults(cw):
    for ptype in PLOVER_TYPES:
        assert (ptype, "*") in cw.plover_acled, ptype
        root = cw.cameo_root_for_plover(ptype)
        assert root is not None
        # the default CAMEO code maps back to the same PLOVER type
        assert cw.plover_for_cameo(cw.cameo_for_plover(ptype)).type == ptype


def test_plover_to_acled_defaults(cw):
    assert cw.acled_for("ASSAULT", "aerial") == ("Explosions/Remote violence", "Air/drone strike")
    assert cw.acled_for("COERCE", "arrest") == ("Strategic developments", "Arrests")
    assert cw.acled_for("PROTEST", "riot") == ("Riots", "Violent demonstration")
    assert cw.acled_for("REQUEST") is None
    assert cw.acled_for("CONSULT", "visit") is None
    assert cw.acled_for("ASSAULT", "primative") == ("Violence against civilians", "Attack")


def test_acled_defaults_are_consistent(cw):
    for sub in cw.acled_sub_event_types:
        plover = cw.plover_for_acled(sub)
        if plover is None:
            assert sub == "Other"
            continue
        assert plover.type in PLOVER_TYPES
        assert cw.plover_for_cameo(cw.cameo_for_acled(sub)) is not None


def test_mode_aliases(cw):
    assert cw.normalise_mode("Primative") == "primitive"
    assert cw.normalise_mode("sieze") == "seize"
    assert cw.normalise_mode("") is None
    assert cw.cameo_root_for_plover("ASSAULT", "drone") == "19"
