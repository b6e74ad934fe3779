"""Whether the bytes on standard input are a PDF that pypdf can read: run as a script, in a
process of its own, by :func:`portal.proposals.attachments.check_pdf`.

A crafted PDF can make a parser work long or allocate much (deep page trees, huge streams), so
the parse runs here under hard limits of CPU time and memory that the caller sets, and the
caller waits a bounded time. It imports nothing of the portal: starting it is cheap.

Exit status: 0 a readable PDF of at most ``max_pages`` pages; 3 too many pages; 2 anything else
(not a PDF, broken, or a limit reached).
"""

from __future__ import annotations

import io
import resource
import sys

READABLE, NOT_A_PDF, TOO_MANY_PAGES = 0, 2, 3


def _limit(kind: int, value: int) -> None:
    resource.setrlimit(kind, (value, value))


def main(argv: list[str]) -> int:
    max_pages, cpu_seconds, memory_bytes = (int(value) for value in argv)
    _limit(resource.RLIMIT_CPU, cpu_seconds)
    _limit(resource.RLIMIT_AS, memory_bytes)
    data = sys.stdin.buffer.read()
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = len(reader.pages)
    except Exception:  # every way of not being a readable PDF is the same answer
        return NOT_A_PDF
    if pages < 1:
        return NOT_A_PDF
    return TOO_MANY_PAGES if pages > max_pages else READABLE


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
