"""Per-host politeness and connection handling of the fetch: slots, pools, reuse."""

from __future__ import annotations

import asyncio
import ipaddress
import threading
import time

import httpx

from plugins.planet import netguard
from plugins.planet.fetch import run_fetch
from plugins.planet.pools import HostPools, host_key
from plugins.planet.sources import FeedSource

from .conftest import SIMPLE


class InFlight:
    """A route handler that records how many requests overlap, overall and per host.

    With ``gather``, each request is held until that many have been in flight at once
    (then every one goes on): overlap is waited for, never hoped for during a sleep, so
    a loaded machine cannot make the test fail. Without it, each request is held for
    ``delay`` seconds, which can only hide overlap, never invent it."""

    def __init__(self, delay: float = 0.3, gather: int = 0) -> None:
        self.delay, self.gather = delay, gather
        self.lock = threading.Condition()
        self.now = self.most = 0
        self.by_host: dict[str, int] = {}
        self.most_by_host: dict[str, int] = {}

    def __call__(self, handler) -> None:
        host = handler.headers.get("Host", "")
        with self.lock:
            self.now += 1
            self.by_host[host] = self.by_host.get(host, 0) + 1
            self.most = max(self.most, self.now)
            self.most_by_host[host] = max(self.most_by_host.get(host, 0), self.by_host[host])
            if self.gather:
                self.lock.notify_all()
                # a bound on a hang (the caps would be wrong), never reached by a passing run
                self.lock.wait_for(lambda: self.most >= self.gather, timeout=60)
        if not self.gather:
            time.sleep(self.delay)
        with self.lock:
            self.now -= 1
            self.by_host[host] -= 1
        handler._send(200, SIMPLE, {"Content-Type": "application/rss+xml"})


def test_per_host_cap_holds_and_other_hosts_go_on(tmp_path, settings, server):
    # two of 127.0.0.1's six feeds at a time, and localhost's two beside them: four
    counter = InFlight(gather=4)
    port = server.httpd.server_address[1]
    urls = {}
    for i in range(6):
        server.add(f"/a{i}.xml", handler=counter)
        urls[f"a{i}"] = f"http://127.0.0.1:{port}/a{i}.xml"
    for i in range(2):
        server.add(f"/b{i}.xml", handler=counter)
        urls[f"b{i}"] = f"http://localhost:{port}/b{i}.xml"  # same server, another host
    settings = {
        **settings,
        "PLANET_CONCURRENCY": 8,
        "PLANET_HOST_CONCURRENCY": 2,
        "PLANET_TIMEOUT": 120.0,  # the held requests are not timed out
        "PLANET_FEED_TIMEOUT": 120.0,
        "PLANET_DEADLINE": 300.0,
    }
    summary = run_fetch(tmp_path, settings, sources=[FeedSource(k, v) for k, v in urls.items()])
    assert summary.fetched == 8
    assert counter.most_by_host[f"127.0.0.1:{port}"] == 2
    assert counter.most == 4  # the cap is per host: localhost's feeds did not wait


def test_global_cap_still_holds(tmp_path, settings, server):
    counter = InFlight(delay=0.1)
    port = server.httpd.server_address[1]
    urls = {}
    for i in range(4):
        server.add(f"/c{i}.xml", handler=counter)
        host = "127.0.0.1" if i % 2 else "localhost"
        urls[f"c{i}"] = f"http://{host}:{port}/c{i}.xml"
    settings = {**settings, "PLANET_CONCURRENCY": 1, "PLANET_HOST_CONCURRENCY": 4}
    summary = run_fetch(tmp_path, settings, sources=[FeedSource(k, v) for k, v in urls.items()])
    assert summary.fetched == 4 and counter.most == 1


def test_a_host_connection_is_reused_also_after_a_304(tmp_path, settings, server):
    peers = []

    def answer(handler) -> None:
        peers.append(handler.client_address)
        if handler.headers.get("If-None-Match") == '"v"':
            return handler._send(304, b"", {"ETag": '"v"'})
        handler._send(200, SIMPLE, {"Content-Type": "application/rss+xml", "ETag": '"v"'})

    urls = {f"r{i}": server.add(f"/r{i}.xml", handler=answer) for i in range(3)}
    settings = {**settings, "PLANET_HOST_CONCURRENCY": 1}
    sources = [FeedSource(k, v) for k, v in urls.items()]
    assert run_fetch(tmp_path, settings, sources=sources).fetched == 3
    assert len(set(peers)) == 1  # one connection for the host's three feeds
    peers.clear()
    assert run_fetch(tmp_path, settings, sources=sources).not_modified == 3
    assert len(set(peers)) == 1  # the empty 304 bodies were read, the connection kept


def test_a_host_pool_is_closed_after_its_last_feed(server):
    url = server.add("/p.xml")
    key = host_key(url)
    assert key == f"127.0.0.1:{server.httpd.server_address[1]}"

    async def scenario() -> list[int]:
        policy = netguard.AddressPolicy([ipaddress.ip_network("127.0.0.0/8")])
        pools = HostPools(policy, expected=[key, key], connections=4, keepalive=2)
        sizes = []
        async with httpx.AsyncClient(transport=pools) as client:
            for _ in range(2):
                assert (await client.get(url)).status_code == 200
                sizes.append(len(pools.pools))
                await pools.done(key)
            sizes.append(len(pools.pools))
            # A host no feed starts on (a redirect target) gets a pool that keeps nothing.
            assert (await client.get(url)).status_code == 200
            sizes.append(len(pools.pools))
        return sizes

    assert asyncio.run(scenario()) == [1, 1, 0, 0]


def test_the_address_guard_is_in_every_host_pool(tmp_path, settings, server):
    url = server.add("/g.xml")
    guarded = {**settings, "PLANET_ALLOWED_NETWORKS": []}
    summary = run_fetch(tmp_path, guarded, sources=[FeedSource("g", url)])
    assert "refused address" in summary.failed[0].error


def test_the_ssl_context_is_made_only_for_an_https_host(server):
    url = server.add("/s.xml")
    key = host_key(url)

    async def scenario() -> tuple[bool, bool]:
        policy = netguard.AddressPolicy([ipaddress.ip_network("127.0.0.0/8")])
        pools = HostPools(policy, expected=[key], connections=4, keepalive=2)
        async with httpx.AsyncClient(transport=pools) as client:
            assert (await client.get(url)).status_code == 200
            plain = "ssl_context" in vars(pools)  # a cached property, not made yet
            pools._pool("blog.example.org:https", secure=True)
            secure = vars(pools).get("ssl_context") is not None
        return plain, secure

    assert asyncio.run(scenario()) == (False, True)


def test_one_response_per_request_and_its_end_reported(server):
    """The host pools hand back the pool's own response (its stream reads httpcore's
    directly), and closing it is what lets the host's pool close; a feed URL is parsed
    once per process, and the request carries that parsed URL."""
    from plugins.planet import pools as pools_module
    from plugins.planet.download import Download, fetch_url
    from plugins.planet.settings import PlanetSettings

    url = server.add("/o.xml")
    key = host_key(url)
    assert pools_module.parsed_url(url) is pools_module.parsed_url(url)

    async def scenario() -> tuple[bool, int, Download]:
        policy = netguard.AddressPolicy([ipaddress.ip_network("127.0.0.0/8")])
        pools = HostPools(policy, expected=[key], connections=4, keepalive=2)
        request = httpx.Request("GET", pools_module.parsed_url(url))
        response = await pools.handle_async_request(request)
        direct = not isinstance(vars(response.stream)["_stream"], pools_module._Tracked)
        await response.aread()
        await response.aclose()
        opened = pools.open[key]
        cfg = PlanetSettings.read({"PLANET_ALLOWED_NETWORKS": ["127.0.0.0/8"]})
        download = await fetch_url(pools, url, None, None, cfg)
        await pools.aclose()
        return direct, opened, download

    direct, opened, download = asyncio.run(scenario())
    assert direct and opened == 0
    assert download.status == 200 and download.body
