"""A Streamlit session without a browser: the websocket protocol a browser tab speaks.

`Sessie` logs in through the local login form (JB_AUTH=lokaal, first demo user =
bestuur) and switches pages the way the sidebar does (rerun_script with the page's
script hash). Each `ga_naar` returns the time until the server reports the run
finished, and counts exceptions and error boxes in what the run sent. The server
does exactly the work it does for a browser; only drawing in the browser is left out.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

KLAAR = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
OPNIEUW = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


@dataclass
class Run:
    seconden: float
    fouten: list[str] = field(default_factory=list)


class Sessie:
    def __init__(self, url: str, timeout: float = 120.0):
        self.url = url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.timeout = timeout
        self.ws = None
        self.paginas: dict[str, str] = {}  # url path -> page script hash
        self.huidige = ""

    async def __aenter__(self) -> "Sessie":
        self.ws = await websockets.connect(self.url, max_size=None, open_timeout=self.timeout,
                                           subprotocols=["streamlit"])
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def _run(self, widget_states=(), page_hash: str = "", page_name: str = "") -> Run:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = page_hash
        msg.rerun_script.page_name = page_name
        for ws in widget_states:
            msg.rerun_script.widget_states.widgets.append(ws)
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        fouten: list[str] = []
        self.knoppen = {}
        while True:
            data = await asyncio.wait_for(self.ws.recv(), self.timeout)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                el = fwd.delta.new_element
                which = el.WhichOneof("type")
                if which == "exception":
                    fouten.append(f"exception: {el.exception.type}: {el.exception.message[:200]}")
                elif which == "alert" and el.alert.format == 1 and "geen enkele werkwijze" not in el.alert.body:
                    # st.error, except the K6 alarm about the data ("no way of working"), which is content
                    fouten.append(f"error: {el.alert.body[:200]}")
                elif which == "alert" and "kan nu niet worden berekend" in el.alert.body:
                    fouten.append(f"warning: {el.alert.body[:200]}")
                elif which == "button":
                    self.knoppen[el.button.label] = el.button.id
            elif kind == "navigation":
                self.paginas = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
                self.huidige = fwd.navigation.page_script_hash
            elif kind == "script_finished":
                if fwd.script_finished == OPNIEUW:
                    continue  # st.rerun(): the server starts the next run itself
                return Run(time.perf_counter() - start, fouten)

    async def inloggen(self) -> Run:
        """Open the app (login form) and press Inloggen with the first user (bestuur)."""
        await self._run()
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        knop = WidgetState(id=self.knoppen["Inloggen"], trigger_value=True)
        return await self._run([knop])

    async def ga_naar(self, url_path: str) -> Run:
        return await self._run(page_hash=self.paginas[url_path], page_name=url_path)
