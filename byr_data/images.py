"""Plotly figures as PNG through one kaleido browser per process, started on first use and kept alive.

kaleido 1.x starts a new Chromium for every ``fig.to_image`` (about 2 s here). A :class:`Renderer`
opens one ``kaleido.Kaleido`` on a thread of its own (kaleido is asyncio; Streamlit runs each
session in a thread of its own) and sends every picture to it, one at a time. A browser that died
is started again once; one that cannot be started (none installed) is reported as
:class:`NoBrowser`. kaleido's own ``start_sync_server`` is not used: it waits forever for an
answer when its browser could not start or has died, and mixes up answers between threads.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import threading
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go

#: Seconds a picture may take before the browser is taken for dead (kaleido's own default is 90).
TIMEOUT = 30.0
#: Pictures a tab draws before it is reloaded (kaleido reloads after every one).
RELOAD_EVERY = 20


class NoBrowser(Exception):
    """No Chromium could be started for kaleido (none installed, or the one found does not run)."""


class RenderFailed(Exception):
    """The browser ran but could not draw the picture, also after a restart."""


def _browser_missing(error: BaseException) -> bool:
    """choreographer's ChromeNotFoundError (kaleido re-raises it with its own text); a browser that fails otherwise is a failed picture."""
    return "ChromeNotFound" in type(error).__name__ or "no browser found" in str(error).casefold()


async def _open_kaleido() -> Any:
    import kaleido

    class Kaleido(kaleido.Kaleido):
        """kaleido reloads a tab after every picture before it hands the picture back (0.2–0.5 s here, more
        than drawing it): here the reload runs after the answer, while the next picture uses the other tab.

        Builds on private methods of kaleido 1.5 (pinned in requirements.txt); a test checks that they are still there.
        """

        _reloads: set[asyncio.Task[None]]
        _drawn: dict[int, int]

        async def _return_kaleido_tab(self, tab: Any) -> None:
            # A reload loads plotly.js anew (~0.3 s of the browser's time, which slows the next picture too):
            # a tab is reloaded only after RELOAD_EVERY pictures, enough to keep its memory bounded.
            drawn = self._drawn.get(id(tab), 0) + 1
            if drawn < RELOAD_EVERY:
                self._drawn[id(tab)] = drawn
                await self.tabs_ready.put(tab)
                return
            self._drawn[id(tab)] = 0
            task = asyncio.create_task(self._reload(tab))
            self._reloads.add(task)  # a task nobody holds may be collected before it has run
            task.add_done_callback(self._reloads.discard)

        async def _reload(self, tab: Any) -> None:
            try:
                await kaleido.Kaleido._return_kaleido_tab(self, tab)
            except Exception:  # the browser died: back with the tab, so the next picture fails at once and starts a new one
                await self.tabs_ready.put(tab)

        async def close(self) -> None:
            for task in list(self._reloads):  # a reload still running when the browser goes
                task.cancel()
            await kaleido.Kaleido.close(self)

    # No MathJax (the charts have no formulas): kaleido would otherwise load it from a CDN with every reload.
    browser = Kaleido(n=1, timeout=TIMEOUT, mathjax=False)
    browser._reloads = set()
    browser._drawn = {}
    await browser.open()
    # The second tab loads while the first draws: opening with n=2 made the first picture wait for both (+40 %).
    spare = asyncio.create_task(browser._create_kaleido_tab())
    browser._reloads.add(spare)
    spare.add_done_callback(browser._reloads.discard)
    return browser


class Renderer:
    """One kaleido browser, started lazily, shared by all threads of the process (a lock around each picture)."""

    def __init__(self, open_browser: Callable[[], Any] = _open_kaleido) -> None:
        self._open_browser = open_browser  # a coroutine function returning an opened kaleido.Kaleido
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._browser: Any = None
        self.starts = 0  # browsers started so far (for tests and the benchmark)

    @property
    def running(self) -> bool:
        return self._browser is not None

    def png(self, figure: go.Figure, width: int, height: int, scale: float = 1.0) -> bytes:
        """``figure`` as PNG, ``width`` × ``height`` layout pixels times ``scale``.

        Raises :class:`NoBrowser` when no browser can be started and :class:`RenderFailed` when
        the picture fails also in a freshly started browser.
        """
        spec = figure.to_dict()
        opts = {"format": "png", "width": width, "height": height, "scale": scale}
        with self._lock:
            try:
                return self._render(spec, opts)
            except NoBrowser:
                raise
            except Exception:  # the browser died or hung: start it again, once
                self._close_browser()
            try:
                return self._render(spec, opts)
            except NoBrowser:
                raise
            except Exception as error:
                self._close_browser()
                raise RenderFailed(type(error).__name__) from error

    def close(self) -> None:
        """Stop the browser and its thread (a later :meth:`png` starts them again)."""
        with self._lock:
            self._close_browser()
            if self._loop is not None:
                self._loop.call_soon_threadsafe(self._loop.stop)
                if self._thread is not None:
                    self._thread.join(timeout=5)
                if not self._loop.is_running():  # a thread that did not stop in time is a daemon: it goes with the process
                    self._loop.close()
            self._loop = self._thread = None

    # --- under the lock ---

    def _run(self, coroutine: Any, timeout: float) -> Any:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
            self._thread.start()
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise

    def _render(self, spec: dict[str, Any], opts: dict[str, Any]) -> bytes:
        if self._browser is None:
            try:
                self._browser = self._run(self._open_browser(), TIMEOUT)
            except Exception as error:
                if _browser_missing(error):
                    raise NoBrowser(str(error)) from error
                raise
            self.starts += 1
        return self._run(self._browser.calc_fig(spec, opts=opts), TIMEOUT + 5)

    def _close_browser(self) -> None:
        browser, self._browser = self._browser, None
        if browser is not None and self._loop is not None:
            with contextlib.suppress(Exception):  # a dead browser may fail to close: it is gone either way
                self._run(browser.close(), 10)


#: The process's renderer: the web server's for its whole life, the command line's for one report.
default = Renderer()
atexit.register(default.close)


def png(figure: go.Figure, width: int, height: int, scale: float = 1.0) -> bytes:
    """``figure`` as PNG through the process's browser (see :meth:`Renderer.png`)."""
    return default.png(figure, width, height, scale)
