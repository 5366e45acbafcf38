"""The CLC top class of records that came without one (the Library of Congress's
records give a Library of Congress Classification in 050, not a CLC number in 084):
derived from the LC class letters by a crosswalk of the main classes, so that the
CLC facet and the reading statistics by class cover them. Only `clc_top` is set;
`clc` (a real class number) stays empty, so nothing pretends to be catalogued."""

import io

import pymarc
from django.db import transaction

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.catalog.models import Record
from wenlan.catalog.services.outbox import record_changed

# LC class (its letters, longest match first) -> CLC top class.
LCC_TO_CLC = {
    "BF": "B", "B": "B",
    "DS": "K", "D": "K", "E": "K", "F": "K", "GV": "G", "GN": "C", "GT": "K", "G": "K",
    "HA": "C", "HM": "C", "HN": "C", "HQ": "C", "HS": "C", "HT": "C", "HV": "D", "HX": "A",
    "H": "F",
    "J": "D", "KN": "D", "K": "D",
    "L": "G",
    "M": "J", "N": "J",
    "PA": "I", "PN": "I", "PQ": "I", "PR": "I", "PS": "I", "PT": "I", "PZ": "I",
    "PL": "I", "PE": "H", "PB": "H", "PC": "H", "PD": "H", "PF": "H", "PG": "I", "PH": "H",
    "PJ": "H", "PK": "H", "PM": "H", "P": "H",
    "QA": "O", "QB": "P", "QC": "O", "QD": "O", "QE": "P", "QH": "Q", "QK": "Q", "QL": "Q",
    "QM": "R", "QP": "Q", "QR": "Q", "Q": "N",
    "R": "R", "S": "S", "TL": "V", "T": "T", "U": "E", "V": "E", "Z": "Z", "A": "Z",
}  # fmt: skip


def clc_top_from_lcc(lcc: str) -> str:
    letters = ""
    for ch in lcc.strip().upper():
        if not ch.isalpha():
            break
        letters += ch
    for n in (2, 1):
        if letters[:n] in LCC_TO_CLC:
            return LCC_TO_CLC[letters[:n]]
    return ""


def _lcc(marc_xml: str) -> str:
    records = pymarc.parse_xml_to_array(io.StringIO(marc_xml)) if marc_xml else []
    for field in records[0].get_fields("050") if records and records[0] else []:
        if value := (field.get("a") or "").strip():
            return value
    return ""


@transaction.atomic
def records_clc_top_derive(*, actor, batch_size: int = 1000) -> int:
    """Set the CLC top class of every record without one whose MARC gives an LC class;
    returns how many changed. Idempotent: a record with a class is left alone."""
    ensure_can(actor, Perm.CATALOG_CHANGE)
    changed = []
    candidates = Record.objects.filter(clc_top="", is_deleted=False).only("id", "marc")
    for record in candidates.iterator(chunk_size=batch_size):
        if top := clc_top_from_lcc(_lcc(record.marc)):
            record.clc_top = top
            changed.append(record)
    Record.objects.bulk_update(changed, ["clc_top"], batch_size=batch_size)
    record_changed([r.pk for r in changed])
    return len(changed)
