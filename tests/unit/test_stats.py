"""Figures per agency and per city over hand-checked cases."""

from __future__ import annotations

import math
from datetime import timedelta

import pandas as pd

from dashboard.rules.stats import agency_figures, city_figures
from dashboard.rules.tracks import notification_tracks
from tests.unit.tracking_frames import claims, incidents, members

INC = incidents(
    ("op1", "la", "operation", "active", 0),
    ("op2", "la", "operation", "active", 0),
    ("op3", "la", "operation", "closed", 0),
    ("pr1", "la", "protest", "active", 0),
    ("op4", "pm", "operation", "active", 0),
)
CLAIMS = claims(
    ("op1", "lapd", "notified", "fed", -60),  # 60 min ahead
    ("op2", "lapd", "notified", "fed", 20),  # 20 min after start
    ("op2", "mayor", "notified", "fed", -10),  # 10 min ahead
    # op3: nobody told
    ("pr1", "lapd", "assistance_requested", "lapd-cad", 10),
    ("pr1", "lapd", "on_scene", "lapd-cad", 40),  # 30 min
    ("op1", "lapd", "assistance_requested", "lapd-cad", 0),
    ("op1", "lapd", "on_scene", "lapd-cad", 10),  # 10 min by lapd-cad ...
    ("op1", "lapd", "on_scene", "fed", 70),  # ... 70 min by fed: disputed
)
MEMBERS = members(("la", "lapd"), ("la", "mayor"), ("pm", "sheriff"))


def by_id(df: pd.DataFrame) -> dict[str, dict]:
    return df.set_index("id").to_dict("index")


def test_trk201_agency_share_of_operations_told_in_advance_and_median_lead() -> None:
    got = by_id(agency_figures(INC, notification_tracks(CLAIMS, INC, MEMBERS)))
    lapd, mayor, sheriff = got["lapd"], got["mayor"], got["sheriff"]
    assert (lapd["due"], lapd["advance"]) == (3, 1)
    assert math.isclose(lapd["advance_share"], 1 / 3)
    assert lapd["median_lead_s"] == (3600 - 1200) / 2  # median of +60 and -20 min
    assert (mayor["due"], mayor["advance"], mayor["median_lead_s"]) == (3, 1, 600)
    assert (sheriff["due"], sheriff["advance"], sheriff["advance_share"]) == (1, 0, 0)
    assert math.isnan(sheriff["median_lead_s"])


def test_trk202_agency_median_response_keeps_the_dispute_as_a_range() -> None:
    lapd = by_id(agency_figures(INC, notification_tracks(CLAIMS, INC, MEMBERS)))["lapd"]
    # Responses: pr1 30..30 min, op1 10..70 min. Medians of each end: 20 and 50 min.
    assert lapd["responses"] == 2
    assert (lapd["median_response_lo_s"], lapd["median_response_hi_s"]) == (1200, 3000)


def test_trk203_city_counts_an_operation_told_in_advance_to_any_of_its_agencies() -> None:
    got = by_id(city_figures(INC, notification_tracks(CLAIMS, INC, MEMBERS)))
    la, pm = got["la"], got["pm"]
    # op1 best lead +60, op2 best lead +10 (the mayor), op3 nobody.
    assert (la["due"], la["advance"]) == (3, 2)
    assert la["median_lead_s"] == (3600 + 600) / 2
    assert (la["median_response_lo_s"], la["median_response_hi_s"]) == (1200, 3000)
    assert (pm["due"], pm["advance"]) == (1, 0)


def test_trk204_no_data_gives_empty_frames() -> None:
    empty = incidents()
    tracks = notification_tracks(claims(), empty, members())
    assert agency_figures(empty, tracks).empty
    assert city_figures(empty, tracks).empty


def test_trk205_staging_sites_count_and_told_at_the_start_is_in_advance() -> None:
    inc = incidents(("st", "pm", "staging", "active", 0), ("pr", "pm", "protest", "active", 0))
    cs = claims(("st", "sheriff", "notified", "fed", 0), ("pr", "sheriff", "notified", "fed", 5))
    tracks = notification_tracks(cs, inc, MEMBERS)
    sheriff = by_id(agency_figures(inc, tracks))["sheriff"]
    pm = by_id(city_figures(inc, tracks))["pm"]
    # The protest is owed no notice, so it is in neither count.
    assert (sheriff["due"], sheriff["advance"]) == (1, 1)
    assert (pm["due"], pm["advance"], pm["median_lead_s"]) == (1, 1, 0)


def test_trk206_told_in_advance_follows_the_city_minimum_lead_like_the_alarm() -> None:
    tracks = notification_tracks(CLAIMS, INC, MEMBERS)
    strict = {"la": timedelta(minutes=30)}
    lapd = by_id(agency_figures(INC, tracks, strict))["lapd"]
    la = by_id(city_figures(INC, tracks, strict))["la"]
    # op1's 60 min lead still counts; op2's mayor (10 min ahead) falls short of 30.
    assert (lapd["due"], lapd["advance"]) == (3, 1)
    assert (la["due"], la["advance"]) == (3, 1)
    assert by_id(city_figures(INC, tracks, {}, timedelta(hours=2)))["la"]["advance"] == 0
