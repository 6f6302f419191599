"""The rounding rule of reports.wording: exact when small or round, else two significant digits with
"hơn"/"gần"; "khoảng" for estimates; percentages with at most one decimal."""

import pytest

from khuyencong.reports import wording


@pytest.mark.parametrize(("value", "text"), [
    # small: exact
    (0, "0"), (7, "7"), (250, "250"), (473, "473"), (999, "999"),
    # round (at most three significant digits): exact
    (1000, "1.000"), (1350, "1.350"), (17_800, "17.800"), (120_000, "120.000"), (5_000, "5.000"),
    # otherwise two significant digits, "hơn" above, "gần" below
    (5_123, "hơn 5.100"), (5_149, "hơn 5.100"), (5_160, "5.160"), (5_151, "gần 5.200"), (49_612, "gần 50.000"),
    (49_999, "gần 50.000"), (50_401, "hơn 50.000"), (1_284_312, "gần 1.300.000"),
    (1_234, "hơn 1.200"), (1_251, "gần 1.300"), (17_842, "gần 18.000"),
])
def test_counts(value, text):
    assert wording.approximate(value) == text


def test_never_claims_more_than_was_done():
    """"hơn N" always has N below the value, "gần N" above it, and N keeps two significant digits."""
    for value in range(1001, 200_000, 997):
        text = wording.approximate(value)
        if text.startswith(("hơn ", "gần ")):
            shown = int(text.split(" ")[1].replace(".", ""))
            assert (shown < value) if text.startswith("hơn") else (shown > value), (value, text)
            assert wording.significant_digits(shown) <= 2
        else:
            assert int(text.replace(".", "")) == value


def test_the_published_figures_read_exactly():
    """The 2011–2015 review of Hà Nội writes 473 lớp, 17.800 lao động, 80%, 250 làng, 1.350 làng."""
    assert wording.approximate(473) == "473"
    assert wording.approximate(17_800) == "17.800"
    assert wording.percent(80.0) == "80%"
    assert wording.approximate(250) == "250"
    assert wording.approximate(1_350) == "1.350"


@pytest.mark.parametrize(("value", "text"), [
    (5_123, "khoảng 5.100"), (49_612, "khoảng 50.000"), (1_350, "khoảng 1.350"), (473, "473"),
])
def test_estimates(value, text):
    assert wording.approximate(value, estimate=True) == text


@pytest.mark.parametrize(("value", "text"), [
    (80.0, "80%"), (80.04, "80%"), (81.14, "81,1%"), (66.666, "66,7%"), (100, "100%"), (0, "0%"), (9.95, "10%"),
])
def test_percent(value, text):
    assert wording.percent(value) == text


def test_figure_by_unit():
    assert wording.figure(None, "count") == "chưa có số liệu"
    assert wording.figure(75.0, "percent", estimate=True) == "khoảng 75%"
    assert wording.figure(1_410_000_000, "vnd", display=lambda v: "1,4 tỷ đồng") == "1,4 tỷ đồng"
    assert wording.figure(5_123, "persons") == "hơn 5.100"
