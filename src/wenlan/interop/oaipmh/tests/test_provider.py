import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from sickle import Sickle
from sickle.oaiexceptions import BadArgument, NoRecordsMatch

from wenlan.catalog.models import Record
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.interop.oaipmh import provider
from wenlan.network.tests.factories import LibraryFactory

NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "m": "http://www.loc.gov/MARC21/slim",
}


def _catalog(n: int = 7):
    hz, sc = LibraryFactory(code="HZ"), LibraryFactory(code="SC")
    records = []
    for i in range(n):
        record = record_create(
            title=f"第{i}本书",
            author="作者",
            control=f"o{i}",
            clc="I247" if i % 2 else "F124",
            isbn="",
        )
        ItemFactory(record=record, library=hz if i < 4 else sc, barcode=f"B{i}")
        records.append(record)
    return records


def _get(client, **params):
    response = client.get("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return ET.fromstring(response.content)


def _error(root) -> str:
    error = root.find("o:error", NS)
    return error.get("code") if error is not None else ""


@pytest.mark.django_db(transaction=True)
def test_sickle_harvests_the_whole_catalog(live_server, monkeypatch):
    monkeypatch.setattr(provider, "PAGE_SIZE", 3)
    records = _catalog(7)
    records[6].is_deleted = True
    records[6].save()
    sickle = Sickle(live_server.url + "/oai")
    identify = sickle.Identify()
    assert identify.protocolVersion == "2.0" and identify.deletedRecord == "persistent"
    harvested = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    assert len(harvested) == Record.objects.count() == 7
    assert sum(1 for r in harvested if r.deleted) == 1
    live = [r for r in harvested if not r.deleted]
    assert sorted(r.metadata["title"][0] for r in live) == sorted(
        Record.objects.filter(is_deleted=False).values_list("title", flat=True)
    )
    identifiers = list(sickle.ListIdentifiers(metadataPrefix="marcxml", set="library:SC"))
    assert len(identifiers) == 3
    clc = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="clc:F"))
    assert len(clc) == Record.objects.filter(clc_top="F").count() == 4
    one = sickle.GetRecord(identifier=f"oai:wenlan:{records[0].pk}", metadataPrefix="marcxml")
    assert "第0本书" in one.raw
    formats = [f.metadataPrefix for f in sickle.ListMetadataFormats()]
    assert formats == ["oai_dc", "marcxml"]
    sets = [s.setSpec for s in sickle.ListSets()]
    assert "library:HZ" in sets and "clc:I" in sets
    with pytest.raises(BadArgument):
        list(
            sickle.ListRecords(
                metadataPrefix="oai_dc", **{"from": "2020-01-01", "until": "2020-01-01T00:00:00Z"}
            )
        )
    with pytest.raises(NoRecordsMatch):
        list(sickle.ListRecords(metadataPrefix="oai_dc", **{"until": "2001-01-01"}))


@pytest.mark.django_db
def test_from_until_select_by_datestamp(client):
    records = _catalog(3)
    Record.objects.filter(pk=records[0].pk).update(
        updated_at=dt.datetime(2020, 5, 1, 12, tzinfo=dt.UTC)
    )
    root = _get(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2020-05-01")
    assert [e.text for e in root.iterfind(".//o:identifier", NS)] == [f"oai:wenlan:{records[0].pk}"]
    root = _get(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2020-05-02"})
    assert len(root.findall(".//o:header", NS)) == 2
    root = _get(
        client,
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        **{"from": "2020-05-01T12:00:00Z", "until": "2020-05-01T12:00:00Z"},
    )
    assert len(root.findall(".//o:header", NS)) == 1


@pytest.mark.django_db
def test_dublin_core_and_marcxml_content(client):
    record = record_create(
        title="红楼梦", author="曹雪芹", isbn="9787020002207", year=1982, control="dc1"
    )
    root = _get(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=f"oai:wenlan:{record.pk}"
    )
    assert root.find(".//dc:title", NS).text == "红楼梦"
    assert root.find(".//dc:creator", NS).text == "曹雪芹"
    assert [e.text for e in root.iterfind(".//dc:identifier", NS)][0] == "urn:isbn:9787020002207"
    root = _get(
        client, verb="GetRecord", metadataPrefix="marcxml", identifier=f"oai:wenlan:{record.pk}"
    )
    assert root.find(".//m:datafield[@tag='245']/m:subfield[@code='a']", NS).text == "红楼梦"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Explode"}, "badVerb"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "mods"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-02-30"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2022-01-01",
                "until": "2021-01-01",
            },
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "planet:mars"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "garbage!!"}, "badResumptionToken"),
        ({"verb": "ListRecords", "resumptionToken": "eyJ4IjoxfQ"}, "badResumptionToken"),
        (
            {"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:elsewhere:1"},
            "idDoesNotExist",
        ),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:wenlan:999999"},
            "idDoesNotExist",
        ),
        ({"verb": "GetRecord", "identifier": "oai:wenlan:1"}, "badArgument"),
        ({"verb": "ListMetadataFormats", "identifier": "oai:wenlan:999999"}, "idDoesNotExist"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}, "noRecordsMatch"),
    ],
)
def test_bad_requests_get_the_protocol_error_codes(client, params, code):
    root = _get(client, **params)
    assert _error(root) == code
    request = root.find("o:request", NS)
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}


@pytest.mark.django_db
def test_repeated_arguments_and_post(client):
    response = client.get("/oai?verb=Identify&verb=Identify")
    assert _error(ET.fromstring(response.content)) == "badVerb"
    response = client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=marcxml")
    assert _error(ET.fromstring(response.content)) == "badArgument"
    record_create(title="三体", control="p1")
    response = client.post("/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    assert len(ET.fromstring(response.content).findall(".//o:record", NS)) == 1
    assert client.put("/oai").status_code == 405
