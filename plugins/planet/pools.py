"""One small httpx connection pool per host, each behind the address guard.

httpcore's pool does work quadratic in its number of connections on every request event
(it scans every connection, and every connection again to count the idle ones, and polls
each idle socket), so one pool of 64+ connections spent more CPU than the feeds' parsing
on a 300-feed run. Here each host (name and port) gets its own pool, which never holds
more than a few connections (``PLANET_HOST_CONCURRENCY`` at once for the feeds of that
host), so connections to a host are reused by its next feeds at little cost.

A pool is closed as soon as the last feed expected on its host is done and no response
from it is open, so a run over many single-feed hosts does not keep a socket per host
open until its end. Hosts reached only through redirects get pools that keep no idle
connection.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import logging
import ssl
import sys
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Any

import httpcore
import httpx

from . import netguard

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def no_sniffio_lookups() -> Iterator[None]:
    """While the block runs, a missing ``sniffio`` is known to be missing.

    httpcore imports sniffio each time it sets up a lock (several times per request);
    when sniffio is not installed (anyio 4 does not need it) each of those imports fails
    only after a stat of every ``sys.path`` entry: a fifth of the main process's CPU in a
    run where every feed answers 304. A ``None`` in ``sys.modules`` makes the import fail
    at once, with the same ImportError. Nothing changes when sniffio is installed.
    Listed in the ledger of process-wide patches, :mod:`plugins.core.patches`.
    """
    missing = "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None
    if missing:
        sys.modules["sniffio"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if missing and sys.modules.get("sniffio", 0) is None:
            del sys.modules["sniffio"]


def host_key(url: httpx.URL | str) -> str:
    """Lowercased host name and port (or scheme): whose pool, and whose slots, a URL uses."""
    if isinstance(url, str):
        return _host_key_of(url)
    return f"{url.host.lower()}:{url.port or url.scheme.lower()}"


def _host_key_of(url: str) -> str:
    return host_key(parsed_url(url))


@functools.lru_cache(maxsize=4096)
def parsed_url(url: str) -> httpx.URL:
    """``httpx.URL(url)``, parsed once per process: parsing costs a third of a
    millisecond, and each feed's URL is keyed four times a run and then requested (an
    ``httpx.Request`` given a URL object does not parse it again; URLs are immutable).
    The cache keeps the errors out (they are raised again)."""
    return httpx.URL(url)


class HostPools(httpx.AsyncBaseTransport):
    """An httpx transport that hands each request to the pool of its host."""

    def __init__(
        self,
        policy: netguard.AddressPolicy,
        expected: Iterable[str],
        connections: int,
        keepalive: int,
    ) -> None:
        self.policy = policy
        self.expected = Counter(expected)  # host key -> feeds not yet done
        self.connections, self.keepalive = connections, keepalive
        self.open: Counter[str] = Counter()  # host key -> responses not yet closed
        # (host key, https?) -> pool: a pool for plain http never needs the SSL context
        self.pools: dict[tuple[str, bool], _CorePool] = {}

    @functools.cached_property
    def ssl_context(self) -> ssl.SSLContext:
        """Made when the run's first https host is: loading the CA bundle takes 20-40 ms,
        once per run (not once per host), and a run that reaches no https host (a
        loopback farm, local files) never waits for it before its first request."""
        return httpx.create_ssl_context()

    def _pool(self, key: str, secure: bool) -> _CorePool:
        pool = self.pools.get((key, secure))
        if pool is None:
            pool = _CorePool(
                netguard.guarded_pool(
                    self.policy,
                    ssl_context=self.ssl_context if secure else None,
                    retries=0,
                    max_connections=self.connections,
                    max_keepalive_connections=self.keepalive if self.expected[key] else 0,
                    keepalive_expiry=httpx.Limits().keepalive_expiry,
                )
            )
            self.pools[key, secure] = pool
        return pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = host_key(request.url)
        self.open[key] += 1
        try:
            pool = self._pool(key, request.url.scheme.lower() == "https")
            # One response object per request: the pool's, told whom to tell of its end.
            return await pool.send(request, lambda: self._closed(key))
        except BaseException:
            await self._closed(key)
            raise

    async def done(self, key: str | None) -> None:
        """A feed that started on host ``key`` finished downloading."""
        if key is not None and self.expected[key] > 0:
            self.expected[key] -= 1
            await self._close_if_unused(key)

    async def _closed(self, key: str) -> None:
        self.open[key] -= 1
        await self._close_if_unused(key)

    async def _close_if_unused(self, key: str) -> None:
        if self.expected[key] > 0 or self.open[key] > 0:
            return
        for secure in (False, True):
            if (pool := self.pools.pop((key, secure), None)) is None:
                continue
            try:
                await pool.aclose()
            except Exception as exc:  # closing sockets must never cost a feed its outcome
                logger.debug("planet: closing the connections to %s: %s", key, exc)

    async def aclose(self) -> None:
        pools, self.pools = list(self.pools.values()), {}
        for pool in pools:
            await pool.aclose()


@contextlib.contextmanager
def httpx_errors() -> Iterator[None]:
    """httpcore's errors raised as httpx's errors of the same name (``ConnectError``,
    ``ReadTimeout``...), which is what the rest of the planet catches and reports."""
    try:
        yield
    except httpcore.ConnectionNotAvailable:
        raise
    except Exception as exc:
        for kind in type(exc).__mro__:
            twin = (
                getattr(httpx, kind.__name__, None)
                if kind.__module__.startswith("httpcore")
                else None
            )
            if isinstance(twin, type) and issubclass(twin, httpx.TransportError):
                raise twin(str(exc)) from exc
        raise


class _CorePool(httpx.AsyncBaseTransport):
    """An httpx transport over one guarded httpcore pool.

    httpx's own ``AsyncHTTPTransport`` builds its pool itself and takes no network backend,
    so the guard could only be put into it through a private attribute. This adapter does
    the little that transport does for a plain GET without proxies: it passes the request
    to httpcore and its response back, with httpcore's errors raised as httpx's.
    """

    def __init__(self, pool: httpcore.AsyncConnectionPool) -> None:
        self.pool = pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.send(request, None)

    async def send(self, request: httpx.Request, on_close: Callable | None) -> httpx.Response:
        """The response to ``request``; ``on_close`` is awaited once it is closed."""
        url = request.url
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with httpx_errors():
            response = await self.pool.handle_async_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Tracked(response.stream, on_close),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self.pool.aclose()


class _Tracked(httpx.AsyncByteStream):
    """A response stream that reports when it is closed (to ``on_close``, if any), its
    read errors raised as httpx's."""

    def __init__(self, stream: Any, on_close: Callable | None) -> None:
        self._stream, self._on_close = stream, on_close

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with httpx_errors():
            async for chunk in self._stream:
                yield chunk

    async def aclose(self) -> None:
        on_close, self._on_close = self._on_close, None
        try:
            await self._stream.aclose()
        finally:
            if on_close is not None:
                await on_close()
