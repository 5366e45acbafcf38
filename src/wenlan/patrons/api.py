from typing import Annotated

from django.http import HttpResponse
from ninja import Query, Router

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core import clock
from wenlan.core.errors import NotFoundError
from wenlan.core.ids import RowId
from wenlan.core.qr import qr_svg
from wenlan.patrons import services
from wenlan.patrons.ecard import ecard_issue
from wenlan.patrons.models import Reader
from wenlan.patrons.schemas import EcardOut, ReaderDetailOut, ReaderOut, ReaderPrivacyIn
from wenlan.patrons.selectors import reader_for_user, reader_search

router = Router(tags=["patrons"])


def _reader_out(reader: Reader) -> dict:
    return {
        **{f: getattr(reader, f) for f in ReaderDetailOut.model_fields if hasattr(reader, f)},
        "home_library": reader.home_library.code,
    }


def _own_reader(request) -> Reader:
    reader = reader_for_user(user=acting_user(request.auth))
    if reader is None:
        raise NotFoundError()
    return reader


@router.get("/me", response=ReaderDetailOut, summary="The signed-in reader's own record")
def me(request):
    return _reader_out(_own_reader(request))


@router.patch("/me/privacy", response=ReaderDetailOut, summary="Change one's privacy choices")
def me_privacy(request, payload: ReaderPrivacyIn):
    reader = _own_reader(request)
    changes = payload.model_dump(exclude_none=True)
    return _reader_out(services.reader_update(actor=request.auth, reader_id=reader.pk, **changes))


_CARD_NOT_ACTIVE = {
    "description": "The card is suspended or past its date (`card_not_active`)",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}


@router.get(
    "/me/ecard",
    response=EcardOut,
    summary="A new token for the reader's e-card",
    openapi_extra={"responses": {409: _CARD_NOT_ACTIVE}},
)
def me_ecard(request, response: HttpResponse):
    """The QR code a reader shows instead of a plastic card, valid for
    `WENLAN_ECARD_SECONDS` (60 s by default). Ask again `refresh_before` seconds
    before it expires. Refused (409, `card_not_active`, the reason in the title)
    while the card is suspended or past its date. Tokens are not stored."""
    card = ecard_issue(reader=_own_reader(request))
    response["Cache-Control"] = "no-store"
    return {
        "token": card.token,
        "expires_at": card.expires_at,
        "seconds_left": card.seconds_left(clock.now()),
        "refresh_before": card.refresh_before,
        "svg": qr_svg(card.token),
    }


@router.get("/me/export", summary="Everything held about the signed-in reader (PIPL)")
def me_export(request):
    return services.reader_export_data(actor=request.auth, reader_id=_own_reader(request).pk)


@router.get("/readers", response=list[ReaderOut], summary="Readers the caller may see")
def readers(
    request,
    q: Annotated[str, Query(max_length=100)] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
):
    """Staff only, limited to the libraries of their role. Every listed reader is audited."""
    ensure_can(request.auth, Perm.READER_VIEW)
    found = list(reader_search(actor=request.auth, query=q)[:limit])
    services.reader_list_seen(actor=request.auth, readers=found)
    return [_reader_out(r) for r in found]


@router.get("/readers/{reader_id}", response=ReaderDetailOut, summary="One reader (audited)")
def reader(request, reader_id: RowId):
    return _reader_out(services.reader_open(actor=request.auth, reader_id=reader_id))


@router.post(
    "/readers/{reader_id}/erase",
    response=ReaderOut,
    summary="Erase a reader at their request (audited)",
)
def reader_erase(request, reader_id: RowId):
    """Staff with the right to change the reader. Refused (409, `erasure_refused`)
    while the reader has copies out or unpaid fines: the problem's title lists each
    title to return and each amount to settle. Erasure cancels the reader's holds,
    event places and bookings (docs/personal-data.md)."""
    return _reader_out(services.reader_erase(actor=request.auth, reader_id=reader_id, at_desk=True))
