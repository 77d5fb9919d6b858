from factory import count

from tocsin.dedupe.counts import CountReport, combine_counts


def test_rising_toll_is_not_double_counted():
    combined, reason = combine_counts([
        CountReport(count("12 killed", 12, 12), "reported", "2021-03-09"),
        CountReport(count("toll rises to 19", 19, 19), "reported", "2021-03-10"),
        CountReport(count("12 dead", 12, 12), "reported", "2021-03-09"),
    ])
    assert (combined.low, combined.best, combined.high) == (12, 19, None)
    assert combined.text == "toll rises to 19" and "latest" in reason


def test_latest_reliable_report_wins_even_when_lower():
    combined, _ = combine_counts([
        CountReport(count("about 80 feared dead", 80, 80), "reported", "2021-03-09"),
        CountReport(count("the confirmed toll is 64", 64, 64), "reported", "2021-03-12"),
    ])
    assert (combined.low, combined.best) == (64, 64) and combined.high == 80


def test_claims_only_widen_the_range():
    combined, _ = combine_counts([
        CountReport(count("19 killed", 19, 19), "reported", "2021-03-10"),
        CountReport(count("rebels say 300 soldiers died", 300, 300), "claimed", "2021-03-11"),
    ])
    assert (combined.low, combined.best, combined.high) == (19, 19, 300)


def test_vague_ranges_keep_their_bounds():
    combined, _ = combine_counts([CountReport(count("hundreds wounded", 200, None, 999))])
    assert (combined.low, combined.best, combined.high) == (200, None, 999)
    combined, _ = combine_counts([CountReport(count("hundreds wounded", 200, None, 999)),
                                  CountReport(count("340 wounded", 340, 340))])
    assert (combined.low, combined.best, combined.high) == (200, 340, 999)
    assert combine_counts([]) == (None, None)
