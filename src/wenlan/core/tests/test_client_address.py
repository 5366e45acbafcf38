import pytest

from wenlan.core.middleware import client_address_from

PROXY = {"REMOTE_ADDR": "10.0.0.2"}


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        ([], {**PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}, "10.0.0.2"),
        (["10.0.0.2"], {**PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}, "203.0.113.5"),
        (
            ["10.0.0.2"],
            {"REMOTE_ADDR": "10.0.0.3", "HTTP_X_FORWARDED_FOR": "203.0.113.5"},
            "10.0.0.3",
        ),
        # A client's own X-Forwarded-For is left of the address the proxy saw.
        (
            ["10.0.0.0/8"],
            {**PROXY, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.5, 10.1.1.1"},
            "203.0.113.5",
        ),
        (["10.0.0.0/8"], {**PROXY, "HTTP_X_FORWARDED_FOR": "junk, 203.0.113.5"}, "203.0.113.5"),
        (["10.0.0.0/8"], {**PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5, junk"}, "10.0.0.2"),
        (["10.0.0.0/8"], PROXY, "10.0.0.2"),
        (
            ["2001:db8::/32"],
            {"REMOTE_ADDR": "2001:db8::1", "HTTP_X_FORWARDED_FOR": "2001:db9::7"},
            "2001:db9::7",
        ),
    ],
)
def test_client_address(settings, proxies, meta, expected):
    settings.WENLAN_TRUSTED_PROXIES = proxies
    assert client_address_from(meta) == expected


def test_the_system_check_names_a_bad_trusted_proxy(settings):
    from wenlan.core.checks import trusted_proxies

    settings.WENLAN_TRUSTED_PROXIES = ["10.0.0.0/8", "proxy.example"]
    assert [(e.id, e.msg) for e in trusted_proxies(None)] == [
        (
            "core.E001",
            "WENLAN_TRUSTED_PROXIES: 'proxy.example' does not appear to be an IPv4 or IPv6 network",
        )
    ]
    settings.WENLAN_TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]
    assert trusted_proxies(None) == []
