"""Works: editions with the same normalised title and author (core.text.match_key)
are one work, which keeps all their ISBNs, so that a classic reprinted by six
publishers ranks once. Resolved a batch of feed rows at a time, at load."""

from django.db import transaction

from wenlan.rankings.enums import FeedKind
from wenlan.rankings.models import FeedLibrary, Work, WorkIsbn
from wenlan.rankings.policies import category_of_clc, work_key


@transaction.atomic
def works_resolve(*, kind: str, rows: list[dict]) -> list[int | None]:
    """Each row's work id, creating the works and ISBNs not known yet. A sales row
    (no author) finds its work by ISBN only: None when the ISBN is unknown."""
    isbns = {r["isbn"] for r in rows if r.get("isbn")}
    by_isbn = dict(WorkIsbn.objects.filter(isbn__in=isbns).values_list("isbn", "work_id"))
    if kind == FeedKind.SALES:
        return [by_isbn.get(r["isbn"]) for r in rows]
    keys = {work_key(r["title"], r.get("author", "")) for r in rows}
    by_key = dict(Work.objects.filter(key__in=keys).values_list("key", "id"))
    new = {}
    for r in rows:
        key = work_key(r["title"], r.get("author", ""))
        if key not in by_key and key not in new and not by_isbn.get(r.get("isbn") or ""):
            new[key] = Work(
                key=key,
                title=r["title"][:500],
                author=(r.get("author") or "")[:300],
                clc=(r.get("clc") or "")[:64],
                category=category_of_clc(r.get("clc") or ""),
            )
    if new:
        Work.objects.bulk_create(new.values(), ignore_conflicts=True)
        by_key.update(Work.objects.filter(key__in=list(new)).values_list("key", "id"))
    result: list[int | None] = []
    new_isbns: dict[str, WorkIsbn] = {}
    for r in rows:
        isbn = r.get("isbn") or ""
        work_id = by_isbn.get(isbn) or by_key.get(work_key(r["title"], r.get("author", "")))
        if isbn and isbn not in by_isbn and isbn not in new_isbns:
            new_isbns[isbn] = WorkIsbn(
                isbn=isbn, work_id=work_id, publisher=r.get("publisher", "")[:300]
            )
        result.append(work_id)
    if new_isbns:
        WorkIsbn.objects.bulk_create(new_isbns.values(), ignore_conflicts=True)
    _classify(rows, result)
    return result


def _classify(rows: list[dict], work_ids: list[int | None]) -> None:
    """A work without a class or a publication date takes the first a feed gives."""
    clcs, dates = {}, {}
    for r, work_id in zip(rows, work_ids, strict=True):
        if work_id is None:
            continue
        if r.get("clc"):
            clcs.setdefault(work_id, r["clc"][:64])
        if r.get("published_on"):
            dates.setdefault(work_id, r["published_on"])
    for work in Work.objects.filter(pk__in=set(clcs) | set(dates)):
        changed = []
        if not work.clc and work.pk in clcs:
            work.clc, work.category = clcs[work.pk], category_of_clc(clcs[work.pk])
            changed += ["clc", "category"]
        if work.published_on is None and work.pk in dates:
            work.published_on = dates[work.pk]
            changed.append("published_on")
        if changed:
            work.save(update_fields=changed)


def work_isbns(*, work_ids: list[int]) -> dict[int, list[str]]:
    isbns: dict[int, list[str]] = {}
    for isbn, work_id in (
        WorkIsbn.objects.filter(work_id__in=work_ids)
        .order_by("isbn")
        .values_list("isbn", "work_id")
    ):
        isbns.setdefault(work_id, []).append(isbn)
    return isbns


MAX_PROVINCE_NUMBER = 62


def _province_numbers(provinces: set[str]) -> dict[str, int]:
    known = dict(
        FeedLibrary.objects.filter(province__in=provinces, province_number__gte=0)
        .values_list("province", "province_number")
        .distinct()
    )
    used = set(FeedLibrary.objects.values_list("province_number", flat=True).distinct())
    for province in sorted(provinces - set(known)):
        free = next(
            (n for n in range(MAX_PROVINCE_NUMBER + 1) if n not in used), MAX_PROVINCE_NUMBER
        )
        known[province] = free
        used.add(free)
    return known


@transaction.atomic
def libraries_resolve(*, rows: list[dict]) -> list[tuple[int, int]]:
    """Each loans row's library number and province number, registering the codes
    not known yet; a library's province is the last one a feed gave."""
    provinces = {r["library_code"][:64]: (r.get("province") or "")[:64] for r in rows}
    numbers = _province_numbers({p for p in provinces.values() if p})
    known = {
        library.code: library
        for library in FeedLibrary.objects.select_for_update().filter(code__in=list(provinces))
    }
    new = [
        FeedLibrary(code=c, province=p, province_number=numbers.get(p, -1))
        for c, p in provinces.items()
        if c not in known
    ]
    if new:
        FeedLibrary.objects.bulk_create(new, ignore_conflicts=True)
        known.update(
            (library.code, library)
            for library in FeedLibrary.objects.filter(code__in=[n.code for n in new])
        )
    changed = []
    for code, library in known.items():
        if provinces[code] and library.province != provinces[code]:
            library.province = provinces[code]
            library.province_number = numbers[provinces[code]]
            changed.append(library)
    if changed:
        FeedLibrary.objects.bulk_update(changed, ["province", "province_number"])
    return [
        (known[r["library_code"][:64]].pk, known[r["library_code"][:64]].province_number)
        for r in rows
    ]
