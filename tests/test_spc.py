"""SPC rules on hand-made series."""

import polars as pl
import pytest

from kpi.spc import GEWOON, SIGNAAL, p_kaart


def test_p_chart_limits_and_outlier():
    # months alternating around the mean, then 20/100: p̄ = 543/1200 = 0.4525
    frame = pl.DataFrame({"tijdig": [50, 45] * 5 + [48, 20], "totaal": [100] * 12})
    result = p_kaart(frame, "tijdig", "totaal")
    spread = 3 * (0.4525 * 0.5475 / 100) ** 0.5  # 0.149: lower limit 30.3%
    assert result["gemiddelde"][0] == pytest.approx(45.25)
    assert result["ondergrens"][0] == pytest.approx(100 * (0.4525 - spread))
    assert result["signaal"].to_list() == [GEWOON] * 11 + [SIGNAAL]


def test_run_of_eight_is_a_signal_seven_is_not():
    # centre line 50%: seven points just above, then alternating
    seven = pl.DataFrame({"tijdig": [52] * 7 + [48, 52, 48, 52, 48, 52, 48], "totaal": [100] * 14})
    assert SIGNAAL not in p_kaart(seven, "tijdig", "totaal")["signaal"].to_list()
    eight = pl.DataFrame({"tijdig": [52] * 8 + [44] * 8, "totaal": [100] * 16})
    assert p_kaart(eight, "tijdig", "totaal")["signaal"].to_list() == [SIGNAAL] * 16
