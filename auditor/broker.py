"""The engine of distributed sweeps: Celery on Redis (README, "Running on several machines").

One place for what the collector (``auditor sweep --broker``) and the workers (``auditor
worker``) must agree on: the Celery app and its settings (JSON only, late acknowledgement,
prefetch 1, the visibility timeout), the queue a tool version and catalogue edition use, the
Redis keys of a run, and the broker URL shown without its password.  Celery and redis are the
optional extra ``distributed``; nothing here imports them until a command needs them.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import socket
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from auditor import __version__
from auditor.options import endpoint_problem, masked_url

TASK_NAME = "osa.audit_target"
MAX_DELIVERIES = 2                  # a target whose worker is lost twice ends as `error`
DEFAULT_VISIBILITY_TIMEOUT = 3600.0  # Celery's own default for Redis, in seconds
CAP_MARGIN = 60.0                   # a task ends this long (at most) before its visibility timeout
RESULT_EXPIRES = 14 * 24 * 3600     # results and a run's keys are kept in Redis this long
DEFAULT_RESULT_LIMIT_MB = 64.0      # one target's result through the broker (README)
SCHEMES = ("redis", "rediss")


class BrokerError(ValueError):
    """The broker cannot be used (bad URL, unreachable, wrong password): exit code 2."""

    exit_code = 2


def masked(url: str) -> str:
    """The broker URL with any password replaced by ``***`` (for run.json, logs, messages)."""
    return masked_url(url, keep_user=True)


def check_url(url: str) -> str:
    """A usable ``redis://`` or ``rediss://`` URL (TLS verified unless the URL says otherwise),
    or :class:`BrokerError` with the fix."""
    example = "e.g. --broker redis://:PASSWORD@redis.internal:6379/0"
    problem = endpoint_problem(url, SCHEMES)
    if problem == "scheme":
        raise BrokerError(f"--broker {masked(url)!r}: not a redis:// or rediss:// URL. Fix: give "
                          f"the Redis server's URL, {example}.")
    if problem == "host":
        raise BrokerError(f"--broker {masked(url)!r}: no host name (or an invalid port). "
                          f"Fix: {example}.")
    parts = urlsplit(url.strip())
    if importlib.util.find_spec("celery") is None or importlib.util.find_spec("redis") is None:
        raise BrokerError("distributed sweeps need Celery and redis-py, which are not "
                          "installed. Fix: .venv/bin/pip install -e '.[distributed]' (make test "
                          "installs them).")
    if parts.scheme.lower() == "rediss":
        query = dict(parse_qsl(parts.query))
        query.setdefault("ssl_cert_reqs", "required")   # Celery refuses rediss:// without it
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query),
                          parts.fragment))
    return url.strip()


def ping(url: str, timeout: float = 5.0) -> None:
    """Reach the broker once, or :class:`BrokerError` naming it (password masked) and the fix."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    except redis.AuthenticationError as exc:
        raise BrokerError(f"the broker {masked(url)} refused our password ({exc}). Fix: give "
                          "the password Redis has (requirepass) in the URL, "
                          "redis://:PASSWORD@host:port/0.") from None
    except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
        raise BrokerError(f"cannot reach the broker {masked(url)}: {exc}. Fix: start Redis "
                          "there (redis-server), check the host, port and password in the "
                          "URL, or leave out --broker to sweep on this machine.") from None
    except redis.ResponseError as exc:
        raise BrokerError(f"the broker {masked(url)} answered: {exc}. Fix: check the URL's "
                          "password and database number.") from None
    finally:
        client.close()


@functools.lru_cache(maxsize=1)
def catalogue_edition() -> tuple[str, str]:
    """The measures catalogue a worker's observations are made for: the date of its latest
    change and the SHA-256 of its file (two builds of one version with different catalogues
    differ here).  Read once a process (the collector names the queue for every task)."""
    from auditor.measures.catalogue import DEFAULT_PATH, load_catalogue

    digest = hashlib.sha256(Path(DEFAULT_PATH).read_bytes()).hexdigest()
    changes = load_catalogue().changes()
    return (changes[-1].isoformat() if changes else "none"), digest


def queue_name() -> str:
    """Tasks go to a queue of this tool version and catalogue: a worker of another version
    never receives them (and refuses any that reach it, :mod:`auditor.worker`)."""
    _, digest = catalogue_edition()
    return f"osa-auditor-{__version__}-{digest[:12]}"


def task_cap(visibility_timeout: float) -> float:
    """How long a worker lets one task run: its visibility timeout less a margin (60 s, or a
    quarter of a short timeout), so that the broker never hands a target still being audited
    to a second worker."""
    return visibility_timeout - min(CAP_MARGIN, visibility_timeout / 4)


def worker_name() -> str:
    return socket.gethostname()


class RunKeys:
    """The Redis keys of one distributed run (all expire with the results)."""

    def __init__(self, run_id: str):
        base = f"osa:run:{run_id}"
        self.enqueued = f"{base}:enqueued"           # set of target ids sent as tasks
        self.closed = f"{base}:closed"               # the collector gave up on the rest
        self._base = base

    def deliveries(self, target_id: str) -> str:
        return f"{self._base}:deliveries:{target_id}"

    def forms(self, target_id: str) -> str:
        """Written before a target's first form could be submitted."""
        return f"{self._base}:forms:{target_id}"


def task_id(run_id: str, target_id: str) -> str:
    return f"{run_id}:{target_id}"


def make_app(url: str, *, visibility_timeout: float = DEFAULT_VISIBILITY_TIMEOUT,
             restore_interval: float = 10.0):
    """The Celery app, configured as README "Running on several machines" says: JSON only (never
    pickle), acknowledged after the task (a worker lost mid-target leaves it to be delivered
    again), one task reserved per worker thread, unacknowledged tasks visible again after
    ``visibility_timeout`` seconds (checked every ``restore_interval``)."""
    from celery import Celery

    transport = {"visibility_timeout": visibility_timeout,
                 "unacked_restore_interval": restore_interval,
                 "unacked_restore_throttle": 1}
    app = Celery("osa-auditor", broker=url, backend=url, set_as_current=False)
    app.conf.update(
        task_serializer="json", result_serializer="json", accept_content=["json"],
        result_accept_content=["json"], event_serializer="json",
        task_acks_late=True, task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_transport_options=transport,
        result_backend_transport_options={"retry_policy": {"timeout": 30.0}},
        result_backend_always_retry=True, result_backend_max_retries=30,
        result_expires=RESULT_EXPIRES,
        broker_connection_retry_on_startup=True, broker_connection_max_retries=None,
        # the broker lost mid-target: the worker finishes the target and stores its result
        # (retried); Redis may hand the task out again after the visibility timeout, and the
        # collector then drops the second result (cancelling would throw the audit away)
        worker_cancel_long_running_tasks_on_connection_loss=False,
        task_default_queue=queue_name(),
        worker_hijack_root_logger=False, worker_redirect_stdouts=False,
        worker_send_task_events=False, task_send_sent_event=False,
        worker_enable_remote_control=True,
    )
    return app
