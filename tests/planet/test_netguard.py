"""The address policy sees through IPv6 spellings of IPv4 addresses."""

from __future__ import annotations

import ipaddress

import pytest

from plugins.planet.netguard import AddressPolicy, embedded_ipv4

REFUSED = {
    "ipv4-mapped loopback": "::ffff:127.0.0.1",
    "ipv4-mapped private": "::ffff:10.0.0.1",
    "ipv4-mapped metadata": "::ffff:169.254.169.254",
    "6to4 of loopback": "2002:7f00:1::1",
    "6to4 of private": "2002:c0a8:101::",
    "teredo with a private client": "2001:0:4136:e378:8000:63bf:f5ff:fefe",  # 10.0.1.1
    "teredo with a private server": "2001:0:a00:1:8000:63bf:3fff:fdd2",  # server 10.0.0.1
    "nat64 of loopback": "64:ff9b::7f00:1",
    "nat64 of metadata": "64:ff9b::a9fe:a9fe",
    "local-use nat64 of private": "64:ff9b:1::a00:1",
    "ipv4-compatible loopback": "::127.0.0.1",
    "ipv4-compatible private": "::192.168.1.1",
    "unspecified": "::",
    "loopback": "::1",
    "link-local with zone": "fe80::1%eth0",
}
ALLOWED = {
    "ipv4-mapped public": "::ffff:93.184.216.34",
    "6to4 of public": "2002:5db8:d822::1",
    "nat64 of public": "64:ff9b::5db8:d822",
    "teredo with public server and client": "2001:0:4136:e378:8000:63bf:a247:2bdd",
    "plain public ipv6": "2606:4700:4700::1111",
    "plain public ipv4": "93.184.216.34",
}


@pytest.mark.parametrize("address", REFUSED.values(), ids=REFUSED.keys())
def test_embedded_private_ipv4_is_refused(address):
    assert not AddressPolicy().allows(address)


@pytest.mark.parametrize("address", ALLOWED.values(), ids=ALLOWED.keys())
def test_public_addresses_are_allowed(address):
    assert AddressPolicy().allows(address)


def test_allowed_networks_apply_to_the_embedded_address():
    policy = AddressPolicy([ipaddress.ip_network("127.0.0.0/8")])
    for spelling in (
        "127.0.0.1",
        "::ffff:127.0.0.1",
        "2002:7f00:1::",
        "64:ff9b::7f00:1",
        "::127.0.0.1",
    ):
        assert policy.allows(spelling), spelling
    assert not policy.allows("::ffff:10.0.0.1")
    assert AddressPolicy([ipaddress.ip_network("::1/128")]).allows("::1")


def test_embedded_ipv4_of_each_form():
    def of(text):
        return [str(a) for a in embedded_ipv4(ipaddress.IPv6Address(text))]

    assert of("::ffff:1.2.3.4") == ["1.2.3.4"]
    assert of("2002:102:304::") == ["1.2.3.4"]
    assert of("2001:0:4136:e378:8000:63bf:3fff:fdd2") == ["65.54.227.120", "192.0.2.45"]
    assert of("64:ff9b::102:304") == ["1.2.3.4"]
    assert of("::1.2.3.4") == ["1.2.3.4"]
    assert of("::1") == of("::") == of("2606:4700::1") == []
