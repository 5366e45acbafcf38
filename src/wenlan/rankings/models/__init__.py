from wenlan.rankings.models.feeds import (
    FeedLibrary,
    FeedPart,
    FeedSource,
    FeedUpload,
    LoansRollup,
    RankingRun,
    Work,
    WorkIsbn,
)
from wenlan.rankings.models.panel import (
    Candidate,
    Conflict,
    Invitation,
    ListEvent,
    ReadingList,
    Round,
    Score,
)

__all__ = [
    "Candidate",
    "Conflict",
    "FeedLibrary",
    "FeedPart",
    "FeedSource",
    "FeedUpload",
    "Invitation",
    "ListEvent",
    "LoansRollup",
    "RankingRun",
    "ReadingList",
    "Round",
    "Score",
    "Work",
    "WorkIsbn",
]
