"""Demo staff (one per role) and readers. Names are invented."""

from wenlan.accounts.enums import Role

STAFF = [
    # username, role, library code, partner code
    ("admin", Role.NETWORK_ADMIN, None, None),
    ("librarian-hz", Role.BRANCH_LIBRARIAN, "HZ", None),
    ("librarian-xh", Role.BRANCH_LIBRARIAN, "XH", None),
    ("cataloguer", Role.CATALOGUER, "HZ", None),
    ("organiser", Role.EVENT_ORGANISER, None, "zj-choir"),
    ("volunteers", Role.VOLUNTEER_COORDINATOR, None, None),
    ("reference", Role.REFERENCE_LIBRARIAN, None, None),
    ("thinktank", Role.THINKTANK_EDITOR, None, None),
    ("thinktank-chief", Role.THINKTANK_CHIEF, None, None),
    ("enterprise-yunqi", Role.ENTERPRISE_CONTACT, None, "yunqi-tech"),
    ("ranking", Role.RANKING_EXPERT, None, None),
    ("ranking-xinhua", Role.RANKING_SOURCE, None, "xinhua-hz"),
    ("assessment", Role.ASSESSMENT_OFFICER, None, None),
    ("clerk-xinhua", Role.BOOKSTORE_CLERK, "XINHUA-QJ", None),
    ("clerk-xiaofeng", Role.BOOKSTORE_CLERK, "XIAOFENG", None),
    ("acquisitions", Role.ACQUISITIONS_LIBRARIAN, "HZ", None),
]

# card number, name, phone, category, home library, language
READERS = [
    ("HZ00000001", "王芳", "13800571001", "adult", "HZ", "zh-hans"),
    ("HZ00000002", "李明", "13800571002", "adult", "XH", "zh-hans"),
    ("HZ00000003", "陈静", "13800571003", "senior", "SC", "zh-hans"),
    ("HZ00000004", "刘洋", "13800571004", "student", "BJ", "zh-hans"),
    ("HZ00000005", "赵小雨", "13800571005", "child", "GS", "zh-hans"),
    ("HZ00000006", "Emma Wilson", "13800571006", "adult", "HZ", "en"),
    ("HZ00000007", "周建国", "13800571007", "senior", "XS", "zh-hans"),
    ("HZ00000008", "吴婷", "13800571008", "adult", "YH", "zh-hans"),
    ("HZ00000009", "孙浩", "13800571009", "student", "HZ-TECH", "zh-hans"),
    ("HZ00000010", "郑丽", "13800571010", "adult", "FY", "zh-hans"),
    ("HZ00000011", "何志强", "13800571011", "adult", "TL", "zh-hans"),
    ("HZ00000012", "Lukas Berg", "13800571012", "adult", "XH", "en"),
]

# Birth years of the readers above who gave one at sign-up (the others did not).
BIRTH_YEARS = {
    "HZ00000001": 1988, "HZ00000002": 1979, "HZ00000003": 1954, "HZ00000004": 2006,
    "HZ00000005": 2017, "HZ00000007": 1949, "HZ00000008": 1993, "HZ00000010": 1971,
}  # fmt: skip

# Partners that get an API key for sending events and reading the network.
API_PARTNERS = ["zj-choir", "hz-theatre", "xinhua-hz"]
