"""The bundled demo web: realistic fictional services on 127.0.0.1 (``auditor demo``, tests).

>>> with DemoWeb(["quietforum"]) as web:          # doctest: +SKIP
...     async with mapped_async_client(web.host_map) as client:
...         r = await client.get("http://www.quietforum.co.uk/")
"""

from auditor.demo.client import browser_args, mapped_async_client, mapped_client
from auditor.demo.kit import Persona, Service
from auditor.demo.server import DemoWeb, LoggedRequest, load_truth
from auditor.demo.services import ALL, load

__all__ = ["ALL", "DemoWeb", "LoggedRequest", "Persona", "Service", "browser_args", "load",
           "load_truth", "mapped_async_client", "mapped_client"]
