"""The demo services, one module each exposing ``SERVICE`` (:class:`auditor.demo.kit.Service`)."""

from __future__ import annotations

import importlib

from auditor.demo.kit import Service

#: Every demo service id, in the order the target list lists them.
ALL: tuple[str, ...] = (
    "quietforum",
    "velvetroom",
    "fileden",
    "chatspot",
    "clearbox",
    "pinechan",
    "seekwell",
    "gatehouse",
    "openvibe",
    "trapdoor",
    "hive",
    "lustre",
    "redlamp",
    "lanternboard",
)


def load(ids: list[str] | tuple[str, ...] | None = None) -> list[Service]:
    """The services named by ``ids`` (default: all), as their modules define them."""
    chosen = list(ALL if ids is None else ids)
    unknown = [i for i in chosen if i not in ALL]
    if unknown:
        raise ValueError(f"unknown demo service(s): {', '.join(unknown)}; "
                         f"known: {', '.join(ALL)}")
    out = []
    for sid in chosen:
        mod = importlib.import_module(f"auditor.demo.services.{sid}")
        svc: Service = mod.SERVICE
        if svc.id != sid:
            raise ValueError(f"module {sid} defines service {svc.id}")
        out.append(svc)
    return out
