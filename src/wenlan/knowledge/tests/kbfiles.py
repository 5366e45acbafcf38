"""Knowledge-base files for the import tests."""

ZH_1 = (
    "西湖位于杭州市西部，三面环山，一面临城，湖中有孤山、白堤、苏堤和三座小岛，"
    "2011年作为文化景观列入世界遗产名录。[1]"
)
ZH_2 = (
    "苏堤是北宋诗人苏轼任杭州知州时疏浚西湖、用湖中淤泥筑成的长堤，"
    "南北横贯湖面，堤上有六座桥，春天桃柳相间。[1, 2]"
)
EN_1 = (
    "West Lake lies to the west of Hangzhou, with hills on three sides and the city on the "
    "fourth; Solitary Hill, two causeways and three islands lie in it, and it was inscribed "
    "on the World Heritage List in 2011. [1]"
)
EN_2 = (
    "The Su Causeway was built by the poet Su Shi, governor of Hangzhou, from mud dredged out "
    "of West Lake; it crosses the lake from south to north over six bridges. [1, 2]"
)
TOPICS = (
    "west-lake: {zh: 西湖, en: West Lake}\nworld-heritage: {zh: 世界遗产, en: World Heritage}\n"
)


def article_file(
    slug: str = "west-lake",
    *,
    zh: tuple[str, ...] = (ZH_1, ZH_2),
    en: tuple[str, ...] = (EN_1, EN_2),
    front: str = "",
    title_zh: str = "西湖",
) -> str:
    body_zh = "\n\n".join(zh)
    body_en = "\n\n".join(en)
    return f"""---
slug: {slug}
title_zh: {title_zh}
title_en: West Lake
topics: [west-lake, world-heritage]
review_on: 2027-12-31
sources:
  - title: West Lake Cultural Landscape of Hangzhou
    publisher: UNESCO World Heritage Centre
    url: https://whc.unesco.org/en/list/1334
    date: 2011-06-24
  - title: 杭州西湖文化景观
    publisher: 杭州市人民政府
    url: /kb/
    date: 2021-05
{front}---
## 中文

{body_zh}

## English

{body_en}
"""
