from ninja import Router

from wenlan.network.enums import LibraryKind
from wenlan.network.schemas import LibraryDetailOut, LibraryOut
from wenlan.network.selectors import LibraryStatus, library_get, library_status, library_statuses

router = Router(tags=["network"])


def _library_out(status: LibraryStatus) -> dict:
    library = status.library
    return {
        "code": library.code,
        "kind": library.kind,
        "name_zh": library.name_zh,
        "name_en": library.name_en,
        "parent": library.parent.code if library.parent else None,
        "open_now": status.open_now,
        "today": [{"opens": p.opens, "closes": p.closes} for p in status.today],
        "next_opens_at": status.next_opens_at,
        "latitude": float(library.latitude) if library.latitude is not None else None,
        "longitude": float(library.longitude) if library.longitude is not None else None,
        "theme_zh": library.theme_zh,
        "theme_en": library.theme_en,
        "partner": library.partner.code if library.partner else None,
        "cooperation_model": library.cooperation_model,
    }


@router.get(
    "/libraries", response=list[LibraryOut], auth=None, summary="List the network's libraries"
)
def libraries(request, kind: LibraryKind | None = None):
    """Every library of the network with its kind, names, parent and whether it is open now."""
    return [_library_out(status) for status in library_statuses(kind=kind)]


@router.get("/libraries/{code}", response=LibraryDetailOut, auth=None, summary="One library")
def library(request, code: str):
    found = library_get(code=code)
    return {
        **_library_out(library_status(found)),
        "address_zh": found.address_zh,
        "address_en": found.address_en,
        "phone": found.phone,
        "email": found.email,
        "website": found.website,
        "weekly_hours": [
            {"weekday": h.weekday, "opens": h.opens, "closes": h.closes}
            for h in found.opening_hours.all()
        ],
    }
