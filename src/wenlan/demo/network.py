"""The Hangzhou library network as the demo loads it: the central library, the
thirteen district and county libraries, themed branches run with partners, a
partner bookstore and a pickup point. Addresses and coordinates are approximate."""

import datetime as dt

from wenlan.network.enums import CooperationModel, LibraryKind, PartnerKind

T = dt.time

PARTNERS = [
    dict(
        code="lingyin",
        name_zh="灵隐寺",
        name_en="Lingyin Temple",
        kind=PartnerKind.OTHER,
        website="",
        description_zh="千年古刹，与杭州图书馆合办佛学主题分馆。",
        description_en="A temple founded in 328 AD; co-runs the Buddhist culture branch.",
        contacts=[dict(name="释法明", position="知客", phone="0571-87968665")],
    ),
    dict(
        code="hz-sports",
        name_zh="杭州市体育局",
        name_en="Hangzhou Sports Bureau",
        kind=PartnerKind.GOVERNMENT,
        is_trusted=True,
        description_zh="与杭州图书馆合办运动主题分馆。",
        description_en="Co-runs the sports branch at the Huanglong Sports Centre.",
    ),
    dict(
        code="hz-qiyuan",
        name_zh="杭州棋院",
        name_en="Hangzhou Qiyuan (Go and Chess Academy)",
        kind=PartnerKind.ASSOCIATION,
        is_trusted=True,
        description_zh="围棋、象棋人才培养基地，合办棋文化主题分馆。",
        description_en="Trains Go and Xiangqi players; co-runs the board-game culture branch.",
    ),
    dict(
        code="tea-museum",
        name_zh="中国茶叶博物馆",
        name_en="China National Tea Museum",
        kind=PartnerKind.MUSEUM,
        is_trusted=True,
        description_zh="国家级茶文化专题博物馆，合办茶文化主题分馆。",
        description_en="The national museum of tea; co-runs the tea culture branch.",
    ),
    dict(
        code="zju",
        name_zh="浙江大学",
        name_en="Zhejiang University",
        kind=PartnerKind.UNIVERSITY,
        is_trusted=True,
        description_zh="合办科技主题分馆与院士讲座。",
        description_en="Co-runs the science and technology branch and the academician lectures.",
    ),
    dict(
        code="zj-choir",
        name_zh="浙江省合唱协会",
        name_en="Zhejiang Choral Association",
        kind=PartnerKind.ASSOCIATION,
        description_zh="浙江省合唱网的合作方，合办音乐主题分馆。",
        description_en="Partner of the Zhejiang choir network; co-runs the music branch.",
    ),
    dict(
        code="hz-theatre",
        name_zh="杭州大剧院",
        name_en="Hangzhou Grand Theatre",
        kind=PartnerKind.THEATRE,
        description_zh="演出资源合作与艺术鉴赏活动。",
        description_en="Performances and art appreciation programmes.",
    ),
    dict(
        code="anime-museum",
        name_zh="中国动漫博物馆",
        name_en="China Animation Museum",
        kind=PartnerKind.MUSEUM,
        description_zh="合办动漫主题分馆。",
        description_en="Co-runs the animation and comics branch.",
    ),
    dict(
        code="xinhua-hz",
        name_zh="杭州新华书店",
        name_en="Hangzhou Xinhua Bookstore",
        kind=PartnerKind.BOOKSTORE,
        is_trusted=True,
        description_zh="“悦读”合作书店：读者在书店借新书，图书馆买单。",
        description_en="Yuedu partner bookstore: readers borrow new books in store; "
        "the library pays.",
    ),
    dict(
        code="eco-centre",
        name_zh="杭州低碳科技馆",
        name_en="Hangzhou Low Carbon Science and Technology Museum",
        kind=PartnerKind.MUSEUM,
        description_zh="合办环保主题分馆。",
        description_en="Co-runs the environment branch.",
    ),
    dict(
        code="gothenburg-lib",
        name_zh="哥德堡市立图书馆",
        name_en="Gothenburg City Library",
        kind=PartnerKind.FOREIGN_LIBRARY,
        country="瑞典",
        description_zh="友好图书馆，交换展览与馆员交流。",
        description_en="Sister library: exchange exhibitions and staff visits.",
    ),
]

CENTRAL_HOURS = [(0, T(12), T(20, 30))] + [(d, T(9), T(20, 30)) for d in range(1, 7)]
DISTRICT_HOURS = [(d, T(9), T(17)) for d in range(1, 7)]
BRANCH_HOURS = [(d, T(9, 30), T(17, 30)) for d in range(1, 7)]
BOOKSTORE_HOURS = [(d, T(9), T(21)) for d in range(7)]

LIBRARIES = [
    dict(
        code="HZ",
        name_zh="杭州图书馆",
        name_en="Hangzhou Public Library",
        kind=LibraryKind.CENTRAL,
        parent=None,
        address_zh="杭州市上城区解放东路58号",
        address_en="58 Jiefang East Road, Shangcheng, Hangzhou",
        latitude="30.245100",
        longitude="120.209400",
        phone="0571-87008100",
        website="https://www.hzlib.net/",
        hours=CENTRAL_HOURS,
    ),
]

_DISTRICTS = [
    (
        "SC",
        "上城区图书馆",
        "Shangcheng District Library",
        LibraryKind.DISTRICT,
        "30.242000",
        "120.171000",
    ),
    (
        "GS",
        "拱墅区图书馆",
        "Gongshu District Library",
        LibraryKind.DISTRICT,
        "30.319500",
        "120.141800",
    ),
    (
        "XH",
        "西湖区图书馆",
        "Xihu District Library",
        LibraryKind.DISTRICT,
        "30.272800",
        "120.130500",
    ),
    (
        "BJ",
        "滨江区图书馆",
        "Binjiang District Library",
        LibraryKind.DISTRICT,
        "30.208500",
        "120.212000",
    ),
    (
        "XS",
        "萧山区图书馆",
        "Xiaoshan District Library",
        LibraryKind.DISTRICT,
        "30.185000",
        "120.264000",
    ),
    (
        "YH",
        "余杭区图书馆",
        "Yuhang District Library",
        LibraryKind.DISTRICT,
        "30.418800",
        "120.300600",
    ),
    (
        "LP",
        "临平区图书馆",
        "Linping District Library",
        LibraryKind.DISTRICT,
        "30.421000",
        "120.299000",
    ),
    (
        "QT",
        "钱塘区图书馆",
        "Qiantang District Library",
        LibraryKind.DISTRICT,
        "30.320000",
        "120.493000",
    ),
    (
        "FY",
        "富阳区图书馆",
        "Fuyang District Library",
        LibraryKind.DISTRICT,
        "30.049000",
        "119.960000",
    ),
    (
        "LA",
        "临安区图书馆",
        "Lin'an District Library",
        LibraryKind.DISTRICT,
        "30.233000",
        "119.725000",
    ),
    ("TL", "桐庐县图书馆", "Tonglu County Library", LibraryKind.COUNTY, "29.797400", "119.691000"),
    ("CA", "淳安县图书馆", "Chun'an County Library", LibraryKind.COUNTY, "29.609000", "119.042000"),
    ("JD", "建德市图书馆", "Jiande City Library", LibraryKind.COUNTY, "29.474000", "119.281000"),
]
for code, zh, en, kind, lat, lon in _DISTRICTS:
    LIBRARIES.append(
        dict(
            code=code,
            name_zh=zh,
            name_en=en,
            kind=kind,
            parent="HZ",
            latitude=lat,
            longitude=lon,
            hours=DISTRICT_HOURS,
        )
    )

_THEMED = [
    (
        "HZ-FOXUE",
        "杭州图书馆佛学分馆",
        "Buddhist Culture Branch",
        "佛学文化",
        "Buddhist culture",
        "lingyin",
        CooperationModel.LIBRARY_AID_CIVIL_RUN,
        "XH",
        "30.240800",
        "120.101000",
    ),
    (
        "HZ-SPORT",
        "杭州图书馆运动分馆",
        "Sports Branch",
        "体育运动",
        "Sports and fitness",
        "hz-sports",
        CooperationModel.LIBRARY_AND_GOVERNMENT,
        "XH",
        "30.268300",
        "120.136800",
    ),
    (
        "HZ-QI",
        "杭州图书馆棋文化分馆",
        "Go and Chess Culture Branch",
        "棋文化",
        "Go and chess culture",
        "hz-qiyuan",
        CooperationModel.LIBRARY_AND_CIVIL_AID,
        "GS",
        "30.281000",
        "120.160000",
    ),
    (
        "HZ-TEA",
        "杭州图书馆茶文化分馆",
        "Tea Culture Branch",
        "茶文化",
        "Tea culture",
        "tea-museum",
        CooperationModel.LIBRARY_AND_GOVERNMENT,
        "XH",
        "30.232500",
        "120.123300",
    ),
    (
        "HZ-TECH",
        "杭州图书馆科技分馆",
        "Science and Technology Branch",
        "科技创新",
        "Science and innovation",
        "zju",
        CooperationModel.LIBRARY_AND_CIVIL_AID,
        "XH",
        "30.263800",
        "120.122800",
    ),
    (
        "HZ-MUSIC",
        "杭州图书馆音乐分馆",
        "Music Branch",
        "音乐与合唱",
        "Music and choral singing",
        "zj-choir",
        CooperationModel.LIBRARY_AND_CIVIL_AID,
        "HZ",
        "30.245100",
        "120.209400",
    ),
    (
        "HZ-ANIME",
        "杭州图书馆动漫分馆",
        "Animation and Comics Branch",
        "动漫",
        "Animation and comics",
        "anime-museum",
        CooperationModel.LIBRARY_AND_GOVERNMENT,
        "BJ",
        "30.205000",
        "120.220000",
    ),
    (
        "HZ-ECO",
        "杭州图书馆环保分馆",
        "Environment Branch",
        "生态环保",
        "Ecology and the environment",
        "eco-centre",
        CooperationModel.LIBRARY_AND_GOVERNMENT,
        "SC",
        "30.212000",
        "120.172000",
    ),
]
for code, zh, en, theme_zh, theme_en, partner, model, parent, lat, lon in _THEMED:
    LIBRARIES.append(
        dict(
            code=code,
            name_zh=zh,
            name_en=en,
            kind=LibraryKind.THEMED_BRANCH,
            parent=parent,
            theme_zh=theme_zh,
            theme_en=theme_en,
            partner=partner,
            cooperation_model=model,
            latitude=lat,
            longitude=lon,
            hours=BRANCH_HOURS,
        )
    )

LIBRARIES += [
    dict(
        code="XINHUA-QJ",
        name_zh="新华书店钱江新城店（悦读）",
        name_en="Xinhua Bookstore Qianjiang (Yuedu)",
        kind=LibraryKind.PARTNER_BOOKSTORE,
        parent="HZ",
        partner="xinhua-hz",
        latitude="30.250000",
        longitude="120.214000",
        hours=BOOKSTORE_HOURS,
    ),
    dict(
        code="PICKUP-WLS",
        name_zh="文三路社区取书点",
        name_en="Wensan Road Community Pickup Point",
        kind=LibraryKind.PICKUP_POINT,
        parent="XH",
        latitude="30.279000",
        longitude="120.126000",
        hours=[(d, T(8), T(20)) for d in range(7)],
    ),
]

HOLIDAYS = [
    (dt.date(2026, 12, 31), False, T(9), T(17), "元旦前夕提前闭馆", "New Year's Eve: closes early"),
    (dt.date(2027, 1, 1), True, None, None, "元旦闭馆", "New Year's Day: closed"),
    (dt.date(2027, 2, 5), True, None, None, "除夕闭馆", "Chinese New Year's Eve: closed"),
    (dt.date(2027, 2, 6), True, None, None, "春节闭馆", "Spring Festival: closed"),
    (dt.date(2027, 2, 7), False, T(13), T(17), "春节期间缩短开放", "Spring Festival: short hours"),
]
