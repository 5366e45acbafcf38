"""Reading an RSS or Atom feed safely: its bytes fetched with a timeout and a size
cap (a URL on the public internet only, a file only inside WENLAN_THINKTANK_FEED_DIR),
checked with defusedxml (no DTD, so no entity expansion), then read by feedparser;
each entry's HTML sanitised with nh3. Nothing here touches the database."""

import datetime as dt
import html as htmllib
import http.client
import ipaddress
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

import feedparser
import nh3
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring
from django.conf import settings
from django.utils.translation import gettext as _

from wenlan.thinktank.errors import FeedRefusedError

# An entry longer than this (its text, HTML included) is refused on its own.
MAX_ENTRY_CHARS = 100_000
MAX_TITLE_CHARS = 500
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FeedEntry:
    key: str
    title: str
    link: str
    author: str
    summary: str
    body: str
    published_on: dt.date | None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    language: str
    entries: list[FeedEntry]
    rejected: list[tuple[str, str]]  # (entry title or key, reason)


def _max_bytes() -> int:
    return settings.WENLAN_THINKTANK_FEED_MAX_KB * 1024


def _public_address(host: str) -> list[str]:
    """The host's addresses, when every one is public; else refused."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FeedRefusedError(_("无法解析主机名 %(host)s。") % {"host": host}) from error
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            raise FeedRefusedError(_("不读取本机或内网地址的订阅源（%(host)s）。") % {"host": host})
        addresses.append(str(address))
    return list(dict.fromkeys(addresses))


def _connect_checked(connection: http.client.HTTPConnection) -> socket.socket:
    """A socket to an address checked at this moment: the name is resolved once and
    the checked address is the one connected to, so a name that answers a public
    address to the check and a private one to the connection (DNS rebinding) does
    not reach the private one."""
    error: OSError | None = None
    for address in _public_address(connection.host):
        try:
            return socket.create_connection(
                (address, connection.port), connection.timeout, connection.source_address
            )
        except OSError as failed:
            error = failed
    raise error or OSError("no address")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def connect(self):
        self.sock = _connect_checked(self)


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def connect(self):
        self.sock = self._context.wrap_socket(_connect_checked(self), server_hostname=self.host)


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_CheckedHTTPConnection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)


def check_url(url: str) -> str:
    """Only http(s) to a host whose every address is public: never file:, never
    loopback, link-local or private networks."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedRefusedError(_("订阅源地址须以 http:// 或 https:// 开头。"))
    _public_address(parts.hostname)
    return parts.geturl()


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def read_url(url: str) -> bytes:
    url = check_url(url)
    # No proxy from the environment: the address checked must be the one connected to.
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _CheckedRedirects,
        _CheckedHTTPHandler,
        _CheckedHTTPSHandler,
    )
    request = urllib.request.Request(url, headers={"User-Agent": "Wenlan thinktank feed reader"})
    limit = _max_bytes()
    try:
        with opener.open(request, timeout=settings.WENLAN_THINKTANK_FEED_TIMEOUT_SECONDS) as reply:
            data = bytearray()
            while chunk := reply.read(_CHUNK):
                data.extend(chunk)
                if len(data) > limit:
                    raise FeedRefusedError(
                        _("订阅源超过 %(kb)d KB，未读取。") % {"kb": limit // 1024}
                    )
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise FeedRefusedError(_("订阅源无法获取：%(error)s") % {"error": error}) from error
    return bytes(data)


def feed_file(path: str) -> Path:
    """A file inside WENLAN_THINKTANK_FEED_DIR (a relative name, or an absolute path
    that resolves inside it); anything else is refused."""
    if "\x00" in path:
        raise FeedRefusedError(_("文件路径无效。"))
    base = Path(settings.WENLAN_THINKTANK_FEED_DIR).resolve()
    candidate = Path(path)
    full = (candidate if candidate.is_absolute() else base / candidate).resolve()
    if not full.is_relative_to(base):
        raise FeedRefusedError(_("订阅源文件须在 %(dir)s 目录内。") % {"dir": base})
    if not full.is_file():
        raise FeedRefusedError(_("找不到订阅源文件 %(path)s。") % {"path": path})
    return full


def read_file(path: str) -> bytes:
    full = feed_file(path)
    limit = _max_bytes()
    with full.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FeedRefusedError(_("订阅源超过 %(kb)d KB，未读取。") % {"kb": limit // 1024})
    return data


def read(location: str) -> bytes:
    if "://" in location or location.lower().startswith("file:"):
        return read_url(location)
    return read_file(location)


def sanitise(html: str) -> str:
    """The markup an entry may keep (nh3's defaults: no script, no style, no
    event handlers, safe links only)."""
    return nh3.clean(html or "").strip()


def plain(html: str) -> str:
    return nh3.clean(html or "", tags=set()).strip()


_BREAKS = re.compile(r"</p\s*>|<br\s*/?>|</li\s*>|</h[1-6]\s*>", re.IGNORECASE)


def to_text(html: str) -> str:
    """Sanitised HTML as plain text, one paragraph a line (for a bulletin's sections
    and its exports, where markup has no place)."""
    text = nh3.clean(_BREAKS.sub("\n", html or ""), tags=set())
    lines = (" ".join(line.split()) for line in htmllib.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)


def _date(entry) -> dt.date | None:
    for field in ("published_parsed", "updated_parsed"):
        value = entry.get(field)
        if value:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _entry(raw) -> FeedEntry:
    link = (raw.get("link") or "").strip()
    key = (raw.get("id") or link).strip()
    title = plain(raw.get("title") or "")
    if not key:
        raise ValueError(_("条目既无 id 也无链接。"))
    if not title:
        raise ValueError(_("条目没有标题。"))
    summary_html = raw.get("summary") or ""
    content = raw.get("content") or []
    body_html = "".join(part.get("value", "") for part in content)
    if len(summary_html) + len(body_html) + len(title) > MAX_ENTRY_CHARS:
        raise ValueError(_("条目超过 %(chars)d 个字符。") % {"chars": MAX_ENTRY_CHARS})
    if len(key) > 1000 or len(link) > 1000:
        raise ValueError(_("条目的 id 或链接过长。"))
    if link and urllib.parse.urlsplit(link).scheme not in ("http", "https"):
        link = ""
    return FeedEntry(
        key=key,
        title=title[:MAX_TITLE_CHARS],
        link=link,
        author=plain(raw.get("author") or "")[:200],
        summary=sanitise(summary_html),
        body=sanitise(body_html),
        published_on=_date(raw),
    )


def parse(data: bytes) -> ParsedFeed:
    """Refuses the whole feed when it is not well-formed XML or declares a DTD
    (how entity-expansion bombs come); refuses an entry on its own when it has no
    title, no id or link, or is too long."""
    if not data.strip():
        raise FeedRefusedError(_("订阅源是空的。"))
    try:
        defused_fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise FeedRefusedError(
            _("订阅源含有 DTD 或实体声明（可能是 XML 炸弹），未读取。")
        ) from error
    except ParseError as error:
        raise FeedRefusedError(
            _("订阅源不是格式正确的 XML：%(error)s") % {"error": error}
        ) from error
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if parsed.get("version", "") == "" and not parsed.entries:
        raise FeedRefusedError(_("这不是 RSS 或 Atom 订阅源。"))
    entries, rejected = [], []
    for raw in parsed.entries:
        try:
            entries.append(_entry(raw))
        except ValueError as error:
            label = plain(raw.get("title") or "")[:80] or (raw.get("id") or raw.get("link") or "?")
            rejected.append((label[:200], str(error.args[0])))
    feed = parsed.get("feed", {})
    return ParsedFeed(
        title=plain(feed.get("title") or "")[:200],
        language=(feed.get("language") or "")[:10],
        entries=entries,
        rejected=rejected,
    )
