"""An OAI-PMH 2.0 data provider over the catalog selectors: the six verbs,
`oai_dc` and `marcxml`, sets per library (`library:HZ`) and per CLC top class
(`clc:I`), from/until, resumption tokens and persistent deleted records.

Resumption tokens carry the whole request (prefix, set, from, until fixed at the
first page, the last id sent), so the harvest is stateless on our side."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.utils import timezone

from wenlan.catalog.selectors.harvest import (
    harvest_earliest,
    harvest_libraries,
    record_for_harvest,
    record_sets,
    records_for_harvest,
    records_for_harvest_count,
)
from wenlan.catalog.selectors.search import CLC_CLASSES
from wenlan.core import clock

if TYPE_CHECKING:
    from wenlan.catalog.models import Record

PAGE_SIZE = 100
IDENTIFIER_PREFIX = "oai:wenlan:"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
FORMATS = {
    "oai_dc": (
        "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        "http://www.openarchives.org/OAI/2.0/oai_dc/",
    ),
    "marcxml": (
        "http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd",
        "http://www.loc.gov/MARC21/slim",
    ),
}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class OaiError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class Harvest:
    prefix: str
    set_spec: str | None
    changed_from: dt.datetime | None
    changed_until: dt.datetime | None
    granularity_day: bool
    after_id: int = 0


def _x(value) -> str:
    return escape(_XML_ILLEGAL.sub("", str(value)))


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value: str, *, end: bool) -> tuple[dt.datetime, bool]:
    if _DAY.match(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError as error:
            raise OaiError("badArgument", f"not a date: {value}") from error
        moment = dt.datetime.combine(day, dt.time.max if end else dt.time.min, tzinfo=dt.UTC)
        return moment, True
    if _SECOND.match(value):
        try:
            moment = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        except ValueError as error:
            raise OaiError("badArgument", f"not a datestamp: {value}") from error
        if end:
            moment = moment.replace(microsecond=999_999)
        return moment, False
    raise OaiError("badArgument", f"dates are {GRANULARITY} or YYYY-MM-DD, not {value!r}")


def _set_filter(set_spec: str | None) -> dict:
    if not set_spec:
        return {}
    kind, _sep, value = set_spec.partition(":")
    if kind == "library" and value:
        return {"library_code": value}
    if kind == "clc" and len(value) == 1 and value.upper() in CLC_CLASSES:
        return {"clc_top": value.upper()}
    raise OaiError("badArgument", f"no such set: {set_spec}")


def _encode_token(harvest: Harvest) -> str:
    data = {
        "p": harvest.prefix,
        "s": harvest.set_spec,
        "d": harvest.granularity_day,
        "a": harvest.after_id,
        "f": harvest.changed_from.isoformat() if harvest.changed_from else None,
        "u": harvest.changed_until.isoformat() if harvest.changed_until else None,
    }
    return (
        base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode())
        .decode()
        .rstrip("=")
    )


def _decode_token(token: str) -> Harvest:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
        harvest = Harvest(
            prefix=data["p"],
            set_spec=data["s"],
            granularity_day=bool(data["d"]),
            after_id=int(data["a"]),
            changed_from=dt.datetime.fromisoformat(data["f"]) if data["f"] else None,
            changed_until=dt.datetime.fromisoformat(data["u"]) if data["u"] else None,
        )
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise OaiError("badResumptionToken", "the resumption token is not one of ours") from error
    if harvest.prefix not in FORMATS or harvest.after_id < 0:
        raise OaiError("badResumptionToken", "the resumption token is not one of ours")
    return harvest


def _identifier(record_id: int) -> str:
    return f"{IDENTIFIER_PREFIX}{record_id}"


def _record_id(identifier: str) -> int:
    local = identifier[len(IDENTIFIER_PREFIX) :] if identifier.startswith(IDENTIFIER_PREFIX) else ""
    if not local.isdigit() or len(local) > 18:
        raise OaiError("idDoesNotExist", f"no such record: {identifier}")
    return int(local)


def _header(record: Record, libraries: list[str]) -> str:
    specs = [f"library:{code}" for code in libraries]
    if record.clc_top:
        specs.append(f"clc:{record.clc_top}")
    status = ' status="deleted"' if record.is_deleted else ""
    return (
        f"<header{status}><identifier>{_identifier(record.pk)}</identifier>"
        f"<datestamp>{_stamp(record.updated_at)}</datestamp>"
        + "".join(f"<setSpec>{_x(spec)}</setSpec>" for spec in specs)
        + "</header>"
    )


def _dublin_core(record: Record, base_url: str) -> str:
    elements: list[tuple[str, str]] = [("title", record.title)]
    if record.title_romanised:
        elements.append(("title", record.title_romanised))
    elements += [
        ("creator" if a.get("role") == "author" else "contributor", a["name"])
        for a in record.authors
        if a.get("name")
    ]
    elements += [("subject", s) for s in record.subjects]
    if record.clc:
        elements.append(("subject", f"CLC {record.clc}"))
    if record.summary:
        elements.append(("description", record.summary))
    if record.publisher:
        elements.append(("publisher", record.publisher))
    if record.year:
        elements.append(("date", str(record.year)))
    elements.append(
        (
            "type",
            "Text"
            if record.material_type in ("book", "serial", "manuscript")
            else record.get_material_type_display(),
        )
    )
    elements += [("identifier", f"urn:isbn:{isbn}") for isbn in record.isbns]
    elements.append(("identifier", f"{base_url}/catalog/records/{record.pk}/"))
    if record.language:
        elements.append(("language", record.language))
    if record.series:
        elements.append(("relation", record.series))
    body = "".join(f"<dc:{name}>{_x(value)}</dc:{name}>" for name, value in elements)
    return (
        '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ '
        'http://www.openarchives.org/OAI/2.0/oai_dc.xsd">' + body + "</oai_dc:dc>"
    )


def _metadata(record: Record, prefix: str, base_url: str) -> str:
    if prefix == "marcxml":
        return record.marc
    return _dublin_core(record, base_url)


@dataclass
class OaiResponse:
    body: str
    status: int = 200


class Provider:
    def __init__(self, *, base_url: str, params: dict[str, list[str]]):
        self.base_url = base_url.rstrip("/")
        self.params = params
        self.now = clock.now()

    # --- envelope -------------------------------------------------------

    def _envelope(self, inner: str, *, request_attrs: dict[str, str]) -> str:
        attrs = "".join(f" {k}={quoteattr(v)}" for k, v in request_attrs.items())
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ '
            'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">'
            f"<responseDate>{_stamp(self.now)}</responseDate>"
            f"<request{attrs}>{_x(self.base_url + '/oai')}</request>{inner}</OAI-PMH>"
        )

    def respond(self) -> OaiResponse:
        verb_values = self.params.get("verb", [])
        if len(verb_values) != 1 or verb_values[0] not in VERBS:
            message = "verb is missing or repeated" if len(verb_values) != 1 else "illegal verb"
            return OaiResponse(
                self._envelope(f'<error code="badVerb">{_x(message)}</error>', request_attrs={})
            )
        verb = verb_values[0]
        try:
            args = self._arguments(verb)
            inner = getattr(self, f"_{verb}")(args)
            attrs = {"verb": verb, **args}
        except OaiError as error:
            # After badArgument the request element carries no attributes (OAI-PMH 3.2).
            attrs = (
                {}
                if error.code == "badArgument"
                else {
                    "verb": verb,
                    **{k: v[0] for k, v in self.params.items() if k != "verb" and len(v) == 1},
                }
            )
            inner = f'<error code="{error.code}">{_x(error.message)}</error>'
        return OaiResponse(self._envelope(inner, request_attrs=attrs))

    def _arguments(self, verb: str) -> dict[str, str]:
        required, optional = VERBS[verb]
        given = {k: v for k, v in self.params.items() if k != "verb"}
        for name, values in given.items():
            if name not in required | optional:
                raise OaiError("badArgument", f"illegal argument: {name}")
            if len(values) != 1:
                raise OaiError("badArgument", f"repeated argument: {name}")
        args = {k: v[0] for k, v in given.items()}
        if "resumptionToken" in args:
            if len(args) != 1:
                raise OaiError("badArgument", "resumptionToken is an exclusive argument")
            return args
        missing = required - set(args)
        if missing:
            raise OaiError("badArgument", f"missing argument: {', '.join(sorted(missing))}")
        return args

    # --- verbs ----------------------------------------------------------

    def _Identify(self, args) -> str:
        earliest = harvest_earliest() or self.now
        email = settings.DEFAULT_FROM_EMAIL
        if "<" in email:
            email = email.split("<", 1)[1].rstrip(">")
        return (
            "<Identify><repositoryName>文澜 Wenlan</repositoryName>"
            f"<baseURL>{_x(self.base_url + '/oai')}</baseURL>"
            "<protocolVersion>2.0</protocolVersion>"
            f"<adminEmail>{_x(email)}</adminEmail>"
            f"<earliestDatestamp>{_stamp(earliest)}</earliestDatestamp>"
            "<deletedRecord>persistent</deletedRecord>"
            f"<granularity>{GRANULARITY}</granularity></Identify>"
        )

    def _ListMetadataFormats(self, args) -> str:
        if (
            "identifier" in args
            and record_for_harvest(record_id=_record_id(args["identifier"])) is None
        ):
            raise OaiError("idDoesNotExist", f"no such record: {args['identifier']}")
        formats = "".join(
            f"<metadataFormat><metadataPrefix>{prefix}</metadataPrefix><schema>{schema}</schema>"
            f"<metadataNamespace>{namespace}</metadataNamespace></metadataFormat>"
            for prefix, (schema, namespace) in FORMATS.items()
        )
        return f"<ListMetadataFormats>{formats}</ListMetadataFormats>"

    def _ListSets(self, args) -> str:
        if "resumptionToken" in args:
            raise OaiError("badResumptionToken", "ListSets is never split")
        sets = [
            f"<set><setSpec>library:{_x(lib.code)}</setSpec><setName>{_x(lib.name_zh)}"
            f"{(' / ' + _x(lib.name_en)) if lib.name_en else ''}</setName></set>"
            for lib in harvest_libraries()
        ]
        sets += [
            f"<set><setSpec>clc:{code}</setSpec><setName>{_x(code)} {_x(name)}</setName></set>"
            for code, name in CLC_CLASSES.items()
        ]
        return f"<ListSets>{''.join(sets)}</ListSets>"

    def _GetRecord(self, args) -> str:
        prefix = args["metadataPrefix"]
        if prefix not in FORMATS:
            raise OaiError("cannotDisseminateFormat", f"unknown metadataPrefix: {prefix}")
        record = record_for_harvest(record_id=_record_id(args["identifier"]))
        if record is None:
            raise OaiError("idDoesNotExist", f"no such record: {args['identifier']}")
        libraries = record_sets(record_ids=[record.pk]).get(record.pk, [])
        return f"<GetRecord>{self._record(record, prefix, libraries)}</GetRecord>"

    def _record(self, record: Record, prefix: str, libraries: list[str]) -> str:
        if record.is_deleted:
            return f"<record>{_header(record, libraries)}</record>"
        metadata = _metadata(record, prefix, self.base_url)
        return f"<record>{_header(record, libraries)}<metadata>{metadata}</metadata></record>"

    def _harvest(self, args) -> Harvest:
        if "resumptionToken" in args:
            return _decode_token(args["resumptionToken"])
        prefix = args["metadataPrefix"]
        if prefix not in FORMATS:
            raise OaiError("cannotDisseminateFormat", f"unknown metadataPrefix: {prefix}")
        changed_from = changed_until = None
        day_from = day_until = None
        if "from" in args:
            changed_from, day_from = _parse_date(args["from"], end=False)
        if "until" in args:
            changed_until, day_until = _parse_date(args["until"], end=True)
        if day_from is not None and day_until is not None and day_from != day_until:
            raise OaiError("badArgument", "from and until have different granularities")
        if changed_from and changed_until and changed_from > changed_until:
            raise OaiError("badArgument", "from is after until")
        set_spec = args.get("set")
        _set_filter(set_spec)
        # Fix the upper bound at the first page, so a long harvest sees one snapshot.
        return Harvest(
            prefix,
            set_spec,
            changed_from,
            changed_until or timezone.now(),
            bool(day_from or day_until),
        )

    def _list(self, args, *, with_metadata: bool) -> str:
        harvest = self._harvest(args)
        filters = dict(
            changed_from=harvest.changed_from,
            changed_until=harvest.changed_until,
            **_set_filter(harvest.set_spec),
        )
        records = records_for_harvest(after_id=harvest.after_id, limit=PAGE_SIZE + 1, **filters)
        if not records:
            if harvest.after_id:
                raise OaiError("badResumptionToken", "the harvest this token belongs to is over")
            raise OaiError("noRecordsMatch", "no records match")
        more = len(records) > PAGE_SIZE
        records = records[:PAGE_SIZE]
        libraries = record_sets(record_ids=[r.pk for r in records])
        if with_metadata:
            body = "".join(
                self._record(r, harvest.prefix, libraries.get(r.pk, [])) for r in records
            )
        else:
            body = "".join(_header(r, libraries.get(r.pk, [])) for r in records)
        token = ""
        if more or harvest.after_id:
            total = records_for_harvest_count(**filters)
            next_token = ""
            if more:
                harvest.after_id = records[-1].pk
                next_token = _x(_encode_token(harvest))
            token = f'<resumptionToken completeListSize="{total}">{next_token}</resumptionToken>'
        return body + token

    def _ListIdentifiers(self, args) -> str:
        return f"<ListIdentifiers>{self._list(args, with_metadata=False)}</ListIdentifiers>"

    def _ListRecords(self, args) -> str:
        return f"<ListRecords>{self._list(args, with_metadata=True)}</ListRecords>"
