"""Feeds read as files in tests (RSS 2.0, Atom, and hostile ones); URLs are only
checked, never fetched from the network."""

import pytest

from wenlan.thinktank import feeds
from wenlan.thinktank.errors import FeedRefusedError

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>浙江发布</title><language>zh-cn</language>
<item><title>杭州发布生态城市建设三年行动计划</title><link>https://example.org/a/1</link>
<guid>urn:zj:1</guid><pubDate>Tue, 17 Nov 2026 08:00:00 +0800</pubDate>
<description>&lt;p&gt;湿地保护&lt;script&gt;alert(1)&lt;/script&gt;
&lt;a href="javascript:x"&gt;链接&lt;/a&gt;&lt;/p&gt;</description></item>
<item><title>G20 峰会十周年后续工作推进会召开</title><link>https://example.org/a/2</link>
<description>会议要求</description></item>
<item><description>没有标题的条目</description><link>https://example.org/a/3</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Policy Watch</title>
<entry><id>tag:pw,2026:1</id><title>EU adopts green city strategy</title>
<link href="https://example.com/eu"/><updated>2026-11-18T10:00:00Z</updated>
<author><name>J. Smith</name></author><summary>Cities <b>must</b> cut emissions.</summary></entry>
</feed>"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&x;</title></channel></rss>"""


def test_rss_entries_are_read_and_their_html_sanitised():
    parsed = feeds.parse(RSS.encode())
    assert parsed.title == "浙江发布"
    assert parsed.language == "zh-cn"
    assert [e.title for e in parsed.entries] == [
        "杭州发布生态城市建设三年行动计划",
        "G20 峰会十周年后续工作推进会召开",
    ]
    first = parsed.entries[0]
    assert first.key == "urn:zj:1"
    assert first.link == "https://example.org/a/1"
    assert str(first.published_on) == "2026-11-17"
    assert "<script" not in first.summary and "alert(1)" not in first.summary
    assert "javascript:" not in first.summary
    assert "湿地保护" in first.summary
    assert parsed.entries[1].key == "https://example.org/a/2"  # no guid: the link
    assert parsed.rejected == [("https://example.org/a/3", "条目没有标题。")]


def test_atom_entries_are_read():
    parsed = feeds.parse(ATOM.encode())
    (entry,) = parsed.entries
    assert (entry.key, entry.title, entry.author) == (
        "tag:pw,2026:1",
        "EU adopts green city strategy",
        "J. Smith",
    )
    assert entry.summary == "Cities <b>must</b> cut emissions."


@pytest.mark.parametrize(
    "data, reason",
    [
        (BOMB, "DTD"),
        (EXTERNAL, "DTD"),
        ("<rss><channel><title>broken</channel>", "XML"),
        ("", "空"),
        ("<html><body>not a feed</body></html>", "RSS"),
    ],
)
def test_hostile_or_broken_feeds_are_refused(data, reason):
    with pytest.raises(FeedRefusedError) as refused:
        feeds.parse(data.encode())
    assert reason in str(refused.value)


def test_a_huge_entry_is_refused_alone():
    huge = "长" * (feeds.MAX_ENTRY_CHARS + 1)
    data = RSS.replace("<description>会议要求</description>", f"<description>{huge}</description>")
    parsed = feeds.parse(data.encode())
    assert [e.title for e in parsed.entries] == ["杭州发布生态城市建设三年行动计划"]
    assert parsed.rejected[0][0] == "G20 峰会十周年后续工作推进会召开"
    assert "100000" in parsed.rejected[0][1]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/feed.xml",
        "http://localhost:8000/feed",
        "http://10.0.0.5/rss",
        "http://192.168.1.1/rss",
        "http://[::1]/rss",
        "http://169.254.169.254/latest/meta-data",
        "ftp://example.org/feed.xml",
        "gopher://x",
    ],
)
def test_local_and_private_addresses_are_refused(url):
    with pytest.raises(FeedRefusedError):
        feeds.read(url)


def test_a_file_feed_must_be_inside_the_feed_directory(settings, tmp_path):
    settings.WENLAN_THINKTANK_FEED_DIR = tmp_path / "feeds"
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "zj.xml").write_text(RSS, encoding="utf-8")
    (tmp_path / "secret.xml").write_text(RSS, encoding="utf-8")
    assert feeds.read("zj.xml") == RSS.encode()
    assert feeds.read(str(tmp_path / "feeds" / "zj.xml")) == RSS.encode()
    for outside in ("../secret.xml", str(tmp_path / "secret.xml"), "/etc/passwd", "a\x00b"):
        with pytest.raises(FeedRefusedError):
            feeds.read(outside)


def test_a_feed_file_over_the_size_cap_is_refused(settings, tmp_path):
    settings.WENLAN_THINKTANK_FEED_DIR = tmp_path
    settings.WENLAN_THINKTANK_FEED_MAX_KB = 1
    (tmp_path / "big.xml").write_bytes(b"<rss>" + b" " * 2000 + b"</rss>")
    with pytest.raises(FeedRefusedError) as refused:
        feeds.read("big.xml")
    assert "1 KB" in str(refused.value)


@pytest.fixture
def local_server(monkeypatch):
    """A feed server on this machine, with the address check relaxed for it alone
    (only the public-address rule is lifted: the size cap and timeout still apply)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/slow":
                import time

                time.sleep(2)
            if self.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", "http://10.0.0.1/feed")
                self.end_headers()
                return
            body = RSS.encode() if self.path == "/feed" else b"<rss>" + b" " * 4096 + b"</rss>"
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.handle_error = lambda request, address: None  # the reader hung up: expected
    threading.Thread(target=server.serve_forever, daemon=True).start()
    real_check = feeds._public_address
    monkeypatch.setattr(
        feeds,
        "_public_address",
        lambda host: ["127.0.0.1"] if host == "127.0.0.1" else real_check(host),
    )
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_url_feed_is_read_with_a_size_cap_a_timeout_and_checked_redirects(local_server, settings):
    settings.WENLAN_THINKTANK_FEED_MAX_KB = 2
    settings.WENLAN_THINKTANK_FEED_TIMEOUT_SECONDS = 0.5
    assert feeds.parse(feeds.read(f"{local_server}/feed")).title == "浙江发布"
    with pytest.raises(FeedRefusedError) as too_big:
        feeds.read(f"{local_server}/big")
    assert "2 KB" in str(too_big.value)
    with pytest.raises(FeedRefusedError):
        feeds.read(f"{local_server}/slow")
    with pytest.raises(FeedRefusedError) as redirected:
        feeds.read(f"{local_server}/redirect")
    assert "10.0.0.1" in str(redirected.value)


def test_the_address_connected_to_is_the_one_checked(monkeypatch):
    """DNS rebinding: a name that is public when checked and private when urllib
    would resolve it again. The check's own answer is what is connected to: here
    the second answer (127.0.0.1, where nothing must be reached) is never asked."""
    answers = iter([[(2, 1, 6, "", ("93.184.215.14", 80))], [(2, 1, 6, "", ("127.0.0.1", 80))]])
    monkeypatch.setattr(feeds.socket, "getaddrinfo", lambda *a, **k: next(answers))
    connected = []

    def create_connection(address, *args, **kwargs):
        connected.append(address)
        raise ConnectionRefusedError("not in tests")

    monkeypatch.setattr(feeds.socket, "create_connection", create_connection)
    with pytest.raises(FeedRefusedError) as refused:
        feeds.read("http://rebind.example/feed")
    # The connection checks the name itself and connects to what it checked:
    # never to the name (which the system would resolve a third time).
    assert "内网" in str(refused.value)
    assert connected == []


def test_html_becomes_plain_text_for_bulletins():
    assert feeds.to_text(
        "<p>湿地 &amp; 保护</p><p>第二段<br>第三行 &lt;x&gt;</p><script>x</script>"
    ) == ("湿地 & 保护\n第二段\n第三行 <x>")
