from wenlan.rankings.panel.policies import ScoreSummary, result_order_key, score_summary


def test_fewer_than_five_scores_are_all_counted():
    assert score_summary([4, 8]) == ScoreSummary(2, 6.0, 4, 8, 2.0)


def test_five_scores_drop_the_highest_and_the_lowest():
    summary = score_summary([10, 1, 7, 6, 8])
    assert (summary.mean, summary.minimum, summary.maximum) == (7.0, 1, 10)
    assert summary.std == 3.0067  # of all five, the spread as given


def test_no_score_is_no_result():
    assert score_summary([]) == ScoreSummary(0, None, None, None, None)


def test_order_mean_then_count_then_spread_then_ranking():
    high = score_summary([9, 9])
    also_high_more = score_summary([9, 9, 9])
    wide = score_summary([8, 10])
    keys = {
        "unscored": result_order_key(score_summary([]), ranking_rank=1, candidate_id=1),
        "high": result_order_key(high, ranking_rank=5, candidate_id=2),
        "more": result_order_key(also_high_more, ranking_rank=6, candidate_id=3),
        "wide": result_order_key(wide, ranking_rank=2, candidate_id=4),
    }
    assert sorted(keys, key=keys.get) == ["more", "high", "wide", "unscored"]
