"""Which addresses a feed may be fetched from, enforced where the socket is opened.

A feed URL comes from a people file and may redirect anywhere, so every connection (the
first one and each redirect hop) is checked: the host name is resolved once, addresses on
loopback, private, link-local, multicast or reserved networks are refused unless they are
in ``PLANET_ALLOWED_NETWORKS``, and the socket is opened to the very address that was
checked. Checking inside the network backend, rather than before the request, closes the
DNS-rebinding gap between a check and httpx's own resolution.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import httpcore


class RefusedAddress(Exception):
    """The feed's host resolves only to addresses the policy refuses."""


class AddressPolicy:
    """Allows public unicast addresses and, besides them, the configured networks."""

    def __init__(self, allowed_networks: Iterable[Any] = ()) -> None:
        self.allowed = tuple(allowed_networks)

    def allows(self, address: str) -> bool:
        """True when a connection to ``address`` (an IP literal) is permitted.

        An IPv6 address that carries an IPv4 address (see :func:`embedded_ipv4`) is
        decided by the IPv4 addresses it carries, every one of which must be allowed:
        ``::ffff:127.0.0.1`` is loopback, whatever Python's IPv6 tables say about it.
        """
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if any(ip in network for network in self.allowed):
            return True
        if isinstance(ip, ipaddress.IPv6Address) and (carried := embedded_ipv4(ip)):
            return all(self._allows_ip(inner) for inner in carried)
        return self._allows_ip(ip)

    def _allows_ip(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        if any(ip in network for network in self.allowed):
            return True
        return ip.is_global and not ip.is_multicast


#: NAT64 prefixes: the well-known one (RFC 6052) and the local-use one (RFC 8215).
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
#: IPv4-compatible addresses (``::a.b.c.d``, deprecated by RFC 4291, still routed by some
#: stacks); ``::`` and ``::1`` in it are not IPv4 addresses.
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


#: The README section that explains the refusal and how to allow a network.
DOCS_SECTION = "Loopback and private networks"


def refusal(host: str, addresses: list[str]) -> str:
    """Why a host is not fetched, naming the setting that allows it and where it is explained
    (a feed served from this machine or an intranet is refused by design, which surprises)."""
    kinds = " and ".join(sorted({_kind(address) for address in addresses}))
    shown = f"{', '.join(addresses)} ({kinds} network)" if addresses else "nothing"
    return (
        f"refused address: {host} resolves to {shown}; "
        "expected a public address, or that network listed in PLANET_ALLOWED_NETWORKS "
        f'(README, "{DOCS_SECTION}")'
    )


def _kind(address: str) -> str:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    carried = embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else []
    for one in carried or [ip]:
        for kind in ("loopback", "link_local", "private", "multicast", "unspecified"):
            if getattr(one, f"is_{kind}"):
                return kind.replace("_", "-")
    return "reserved"


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to: IPv4-mapped (``::ffff:a.b.c.d``),
    6to4 (``2002::/16``), Teredo (``2001::/32``: server and client), NAT64
    (``64:ff9b::/96``, ``64:ff9b:1::/48``) and IPv4-compatible (``::a.b.c.d``).
    Empty for any other address."""
    if ip.ipv4_mapped:
        return [ip.ipv4_mapped]
    if ip.sixtofour:
        return [ip.sixtofour]
    if ip.teredo:
        return list(ip.teredo)
    last32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if any(ip in prefix for prefix in NAT64):
        return [last32]
    if ip in IPV4_COMPATIBLE and int(ip) > 1:
        return [last32]
    return []


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that resolves, checks, then connects to the checked IP.

    TLS still uses the original host name for SNI and certificate checks, because httpcore
    takes those from the request URL, not from the address we connect to.
    """

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await _resolve(host, port)
        allowed = [address for address in addresses if self.policy.allows(address)]
        if not allowed:
            raise RefusedAddress(refusal(host, addresses))
        last_error: Exception | None = None
        for address in allowed:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options=None
    ):
        raise RefusedAddress("refused: unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


async def _resolve(host: str, port: int) -> list[str]:
    try:
        ipaddress.ip_address(host)
        return [host]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
    seen: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in seen:
            seen.append(address)
    return seen


def guarded_pool(policy: AddressPolicy, **options: Any) -> httpcore.AsyncConnectionPool:
    """An httpcore connection pool whose every connection goes through a
    :class:`GuardedBackend`, given through httpcore's public ``network_backend`` argument;
    ``options`` are the pool's other keyword arguments (limits, SSL context, retries)."""
    return httpcore.AsyncConnectionPool(network_backend=GuardedBackend(policy), **options)
