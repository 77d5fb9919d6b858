"""ACLED types a protest by how it was met, and a sure whole-text ACLED reading adds an event."""

from __future__ import annotations

import pytest

import tocsin


@pytest.fixture(scope="module")
def extract():
    return lambda text: tocsin.extract(text, published="2021-03-09")


def _protest(events):
    return next(e for e in events if e.acled is not None and e.acled.event_type == "Protests")


def test_arrests_of_protesters_make_a_protest_with_intervention(extract):
    events = extract("On 8 March 2021, hundreds of farmers protested outside the district court in Kisumu, "
                     "demanding lower fuel prices. Police arrested 12 protesters.")
    protest = _protest(events)
    assert protest.acled.sub_event_type == "Protest with intervention"
    assert protest.reasons["acled"].startswith("episode:")


def test_the_arrest_a_protest_is_about_is_no_intervention(extract):
    # the arrest is the grievance ("against the arrest of"), and "he was arrested" is one person
    events = extract("On 8 March 2021, teachers protested in Nakuru against the unjust arrest of their union leader "
                     "and demanded his release. He was arrested last week on a fraud charge.")
    assert _protest(events).acled.sub_event_type == "Peaceful protest"


def test_protesters_hurt_by_the_police_make_excessive_force(extract):
    events = extract("On 8 March 2021, students marched peacefully in Eldoret against tuition fees. Police fired "
                     "rubber bullets at the marchers and injured 6 students.")
    assert _protest(events).acled.sub_event_type == "Excessive force against protesters"


def test_raped_is_a_sexual_violence_trigger(extract):
    # regression: the spaCy model lemmatises "raped" as "rap", so the trigger was missed
    events = extract("On 8 March 2021, gunmen raped two women in a village near Goma, local officials told reporters.")
    assert [e.acled.sub_event_type for e in events if e.acled] == ["Sexual violence"]


def test_change_to_group_activity_is_mobilize_in_the_crosswalk():
    from tocsin.coding.crosswalk import Crosswalk

    walk = Crosswalk.load()
    assert walk.plover_for_acled("Change to group/activity").type == "MOBILIZE"
    assert walk.acled_for("MOBILIZE") is None  # a deployment is ACLED's only when the typer reads it so


@pytest.mark.parametrize("text, sub_event", [
    ("On 8 March 2021, the army captured the town of Kafr Nabl from rebels after heavy fighting.",
     "Government regains territory"),
    ("On 8 March 2021, soldiers seized a cache of weapons and explosives in the forest near Beni.",
     "Disrupted weapons use"),
])
def test_what_a_seizure_took_decides_its_acled_type(extract, text, sub_event):
    # regression: every seizure by state forces was "Government regains territory" (foods, weapons)
    assert sub_event in [e.acled.sub_event_type for e in extract(text) if e.acled]


def test_armed_forces_that_shoot_are_no_mob(extract):
    # "gendarme(rie)", "armed individuals", "officer" name armed actors (tocsin's agents_extra.tsv)
    events = extract("On 8 March 2021, gendarmes beat and injured a journalist in Nzerekore town as he was "
                     "reporting on a market fire.")
    assert events and events[0].source_actor is not None and events[0].source_actor.role == "POL"
    assert events[0].acled.sub_event_type != "Mob violence"


@pytest.mark.parametrize("text, sub_event", [
    ("Movement of forces: On 8 March 2021, a Russian patrol took place near the town of Qamishli.",
     "Change to group/activity"),
    ("Property destruction: On 8 March 2021, settlers cut down nearly 40 olive trees owned by farmers in the "
     "village of Burin.", "Looting/property destruction"),
])
def test_a_sure_acled_reading_adds_the_event_no_trigger_reports(extract, text, sub_event):
    # regression: with no trigger and an unsure PLOVER reading, notes like these gave no event
    events = extract(text)
    assert [e.acled.sub_event_type for e in events if e.acled] == [sub_event]
    assert events[0].reasons["type"].startswith(f"story typer: ACLED {sub_event}")
