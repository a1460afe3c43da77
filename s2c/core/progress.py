"""A progress line for operator commands (an index rebuild, an archive ingest): redrawn in
place on a terminal, every 10% otherwise (a log file)."""

from __future__ import annotations

import time


class Progress:
    """``update(done)`` as work goes, ``done(done)`` at the end; ``unit`` names what is
    counted ("documents", "files")."""

    def __init__(self, stream, total: int, unit: str = "documents", verb: str = "indexed"):
        self.stream, self.total, self.unit, self.verb = stream, total, unit, verb
        self.tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self.last = 0.0
        self.next_tenth = 1

    def _line(self, done: int) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        share = done / self.total if self.total else 1.0
        left = (self.total - done) / rate if rate else 0
        width = 30
        filled = int(width * min(share, 1.0))
        bar = "#" * filled + "-" * (width - filled)
        return (
            f"[{bar}] {done:,}/{self.total:,} {self.unit} {share:6.1%} "
            f"{rate:,.0f}/s, {left:,.0f} s left"
        )

    def update(self, done: int) -> None:
        if self.stream is None:
            return
        if self.tty:
            now = time.monotonic()
            if now - self.last >= 0.2:
                self.last = now
                self.stream.write("\r" + self._line(done))
                self.stream.flush()
        elif self.total and done * 10 >= self.next_tenth * self.total:
            self.next_tenth = done * 10 // self.total + 1
            self.stream.write(self._line(done) + "\n")

    def done(self, done: int) -> None:
        if self.stream is None:
            return
        end = "\n" if self.tty else ""
        elapsed = time.monotonic() - self.started
        self.stream.write(f"{end}{done:,} {self.unit} {self.verb} in {elapsed:.1f} s\n")
