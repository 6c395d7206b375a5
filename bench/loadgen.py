"""A small keep-alive HTTP/1.1 load generator (no third-party tools needed)."""

import asyncio
import time
from dataclasses import dataclass


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "content-length":
            length = int(value.strip())
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


async def _worker(host, port, path, headers, deadline, result: LoadResult) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}\r\n".encode()
    try:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status = await _read_response(reader)
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            if status == 200:
                result.requests += 1
            else:
                result.errors += 1
    finally:
        writer.close()


async def _run(host, port, path, headers, seconds, concurrency) -> LoadResult:
    result = LoadResult(requests=0, errors=0, seconds=seconds, latencies_ms=[])
    deadline = time.perf_counter() + seconds
    await asyncio.gather(
        *(
            _worker(host, port, path, headers, deadline, result)
            for _ in range(concurrency)
        )
    )
    return result


def run_load(
    host: str,
    port: int,
    path: str,
    *,
    seconds: float = 8.0,
    concurrency: int = 8,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    return asyncio.run(_run(host, port, path, headers or {}, seconds, concurrency))
