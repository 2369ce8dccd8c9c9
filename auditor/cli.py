"""The ``auditor`` command (CONTRACT.md, "Commands")."""

from __future__ import annotations

import argparse
import importlib.util
import math
import sys
import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from auditor import __version__
from auditor.cli_integrity import add_parsers as integrity_parsers
from auditor.integrity import add_to_seal, file_sha256, root_hash
from auditor.options import (
    ARCHIVE_MODES,
    DEFAULT_ARCHIVE_CAP_MB,
    SweepOptions,
    default_concurrency,
    default_memory_budget_mb,
    default_render_concurrency,
    endpoint_problem,
    masked_url,
)
from auditor.sweep import EXIT_BAD_INPUT, BadInput, run_sweep


def _common(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("sweep options")
    g.add_argument("--concurrency", type=int, default=None,
                   help=f"targets open at once (default: {default_concurrency()}, from the cores; "
                        "demo: 4)")
    g.add_argument("--render-concurrency", type=int, default=default_render_concurrency(),
                   help="pages rendering at once (default: %(default)s, the cores)")
    g.add_argument("--memory-budget", type=int, default=default_memory_budget_mb(), metavar="MB",
                   help="no new target starts while the sweep's processes hold more memory "
                        "than this, until open ones finish (default: %(default)s, 800 a core, at "
                        "most half the free memory; 0: no limit)")
    g.add_argument("--resume", action="store_true", help="continue an interrupted run in --out")
    g.add_argument("--user-agent", default=None,
                   help="user agent with your contact address (recorded in run.json)")
    g.add_argument("--ignore-robots", action="store_true",
                   help="do not obey robots.txt (recorded in run.json)")
    g.add_argument("--proxy", default=None, help="proxy URL, e.g. a UK vantage point")
    g.add_argument("--secrets", default=None, help="TOML file of test-account personas")
    g.add_argument("--providers", default=None, metavar="FILE",
                   help="TOML file of age-assurance providers to add to the bundled table "
                        "(format: probes/age_providers.toml)")
    g.add_argument("--platforms", default=None, metavar="FILE",
                   help="TOML file of community-software fingerprints to add to the bundled "
                        "table (format: probes/platforms.toml)")
    g.add_argument("--timeout-per-target", type=float, default=None, metavar="S",
                   help="time budget per target, not counting waits for the shared browser "
                        "(default: 180; demo: 600)")
    g.add_argument("--max-pages", type=int, default=None,
                   help="page budget per target (default: 150; demo: 250)")
    g.add_argument("--max-megabytes", type=float, default=None, metavar="MB",
                   help="download budget per target, in megabytes (default: 40, or 120 for a "
                        "row with test accounts or allow_forms, whose fresh browsers fetch the "
                        "site's scripts and styles again)")
    g.add_argument("--delay", type=float, default=1.0,
                   help="politeness delay between requests to one host, seconds")
    g.add_argument("--probes", default="", help="comma-separated probes to run (default all)")
    g.add_argument("--a11y", action=argparse.BooleanOptionalAction, default=None,
                   help="axe-core accessibility checks of the terms, report and complaints "
                        "pages (reporting/terms.a11y_violations; ICU/PCU D2 and G3); default: "
                        "on for check, probe and demo, off for sweep (6%% slower)")
    g.add_argument("--archive", choices=ARCHIVE_MODES, default="pages",
                   help="a web archive (WACZ) of each target's visits in its evidence folder: "
                        "pages (default) keeps documents, scripts and styles, and of images, "
                        "video and audio only URL, headers, length and SHA-256; all keeps media "
                        "too (never for an adult service); none writes no archive")
    g.add_argument("--archive-cap-mb", type=float, default=DEFAULT_ARCHIVE_CAP_MB, metavar="MB",
                   help="bodies kept in one target's archive, in megabytes (default: "
                        "%(default)g); later bodies keep URL, headers, length and SHA-256")
    g.add_argument("--signup-ages", default=None,
                   help="ages of the synthetic identities the signup probe tries where a row "
                        "allows forms (default: $AUDITOR_SIGNUP_AGES, else 12,15,25)")
    g.add_argument("--mail-dir", default=None, metavar="DIR",
                   help="a folder the audited service writes its mail to (a staging service or "
                        "benchmark; a real sweep has none): the signup probe then follows a "
                        "verification link mailed to its synthetic identities")
    g.add_argument("--edition", default=None, metavar="DATE",
                   help="judge under the measures in force on DATE (default today)")
    g.add_argument("--fail-on-regression", action="store_true",
                   help="exit 3 when the report finds regressions against the earlier run")
    g.add_argument("--compare", default=None, metavar="OLDER_DIR",
                   help="compare with this run (default: the previous run of the same list)")
    g.add_argument("--progress", choices=["auto", "bar", "log", "none"], default="auto")
    g.add_argument("--resolve", action="append", default=[], metavar="HOST=IP:PORT",
                   help="send HOST to IP:PORT, like curl --resolve (staging sites, tests); "
                        "no other host is then reachable")


def _options(a: argparse.Namespace, *, defaults: dict | None = None, **extra) -> SweepOptions:
    defaults = {"concurrency": default_concurrency(), "timeout_per_target": 180.0,
                "max_pages": 150, "a11y": True,
                **(defaults or {})}
    for name, value in defaults.items():
        if getattr(a, name) is None:
            setattr(a, name, value)
    _check_numbers(a)
    if a.proxy is not None:
        _check_proxy(a.proxy)
    if a.edition:
        try:
            date.fromisoformat(a.edition)
        except ValueError:
            raise BadInput(f"--edition {a.edition!r} is not a date. Fix: use YYYY-MM-DD.") from None
    kw = dict(concurrency=a.concurrency, render_concurrency=a.render_concurrency,
              memory_budget_mb=a.memory_budget,
              resume=a.resume, ignore_robots=a.ignore_robots, proxy=a.proxy,
              timeout_per_target=a.timeout_per_target, max_pages_per_target=a.max_pages,
              politeness_delay=a.delay, edition=a.edition, a11y=a.a11y,
              fail_on_regression=a.fail_on_regression, progress=a.progress,
              secrets_file=a.secrets, providers_file=_check_data_file(a.providers, "age_providers"),
              platforms_file=_check_data_file(a.platforms, "platforms"),
              probes=tuple(p.strip() for p in a.probes.split(",") if p.strip()))
    if a.user_agent:
        kw["user_agent"] = a.user_agent
    if a.resolve:
        kw["host_map"] = _parse_resolve(a.resolve)
    if a.max_megabytes is not None:
        if not (math.isfinite(a.max_megabytes) and a.max_megabytes >= 1):
            raise BadInput(f"--max-megabytes {a.max_megabytes:g}: must be at least 1. Fix: give "
                           "the download budget per target in megabytes, e.g. 40.")
        kw["max_bytes_per_target"] = int(a.max_megabytes * 1_000_000)
    if a.signup_ages is not None:
        try:
            ages = tuple(int(x) for x in a.signup_ages.split(",") if x.strip())
        except ValueError:
            ages = ()
        if not ages or not all(5 <= x <= 99 for x in ages):
            raise BadInput(f"--signup-ages {a.signup_ages!r}: give whole numbers from 5 to 99, "
                           "e.g. 12,15,25.")
        kw["signup_ages"] = ages
    if a.mail_dir is not None:
        kw["mail_dir"] = _check_mail_dir(a.mail_dir)
    kw.update(archive=a.archive, archive_cap_mb=a.archive_cap_mb)
    if a.archive == "all":
        print("warning: --archive all keeps the images, video and audio every target served; "
              "on a risky file host it may store imagery nobody should hold (an adult "
              "service's media are never kept)", file=sys.stderr)
    kw.update(extra)
    _check_probes(kw["probes"])
    return SweepOptions(**kw)


def _check_data_file(path: str | None, table: str) -> str | None:
    """A providers or platforms file (``table``: the probes module that reads it) is read up
    front: a bad one stops the command before any visit."""
    if not path:
        return None
    import importlib

    from probes.data_tables import DataFileError

    resolved = str(Path(path).expanduser().resolve())
    try:
        importlib.import_module(f"probes.{table}").load(resolved)
    except DataFileError as exc:
        raise BadInput(str(exc)) from None
    return resolved


def _check_mail_dir(path: str) -> str:
    folder = Path(path).expanduser().resolve()
    if not folder.is_dir():
        raise BadInput(f"--mail-dir {path}: no such folder. Fix: give the folder the service "
                       "writes its mail to (it must exist before the sweep), or leave the "
                       "option out.")
    return str(folder)



def _check_numbers(a: argparse.Namespace) -> None:
    """Budgets and bounds that would make a sweep meaningless or hang are refused up front."""
    if a.concurrency < 1:
        raise BadInput(f"--concurrency {a.concurrency}: must be at least 1. "
                       "Fix: give a whole number of targets to open at once, e.g. 4.")
    if a.render_concurrency < 1:
        raise BadInput(f"--render-concurrency {a.render_concurrency}: must be at least 1. "
                       "Fix: give a whole number of pages to render at once, e.g. 2.")
    if a.memory_budget < 0:
        raise BadInput(f"--memory-budget {a.memory_budget}: must be 0 (no limit) or more. "
                       "Fix: give the memory the sweep may use in MB, e.g. 4000.")
    if a.max_pages < 1:
        raise BadInput(f"--max-pages {a.max_pages}: must be at least 1 (the start page is one). "
                       "Fix: give a page budget per target, e.g. 150.")
    if not (math.isfinite(a.delay) and a.delay >= 0):
        raise BadInput(f"--delay {a.delay:g}: must be 0 or more seconds. "
                       "Fix: give the pause between requests to one host, e.g. 1.0.")
    if not (math.isfinite(a.timeout_per_target) and a.timeout_per_target > 0):
        raise BadInput(f"--timeout-per-target {a.timeout_per_target:g}: must be more than 0 "
                       "seconds. Fix: give a time budget per target, e.g. 180.")
    if not (math.isfinite(a.archive_cap_mb) and a.archive_cap_mb >= 1):
        raise BadInput(f"--archive-cap-mb {a.archive_cap_mb:g}: must be at least 1. Fix: give "
                       "the bodies to keep per target's archive in megabytes, e.g. 25.")


PROXY_SCHEMES = ("http", "https", "socks5")


def _check_proxy(proxy: str) -> None:
    example = "e.g. --proxy http://proxy.example.co.uk:3128 or socks5://127.0.0.1:1080"
    shown = masked_url(proxy.strip())        # never echo a proxy password
    problem = endpoint_problem(proxy, PROXY_SCHEMES)
    if problem == "scheme":
        raise BadInput(f"--proxy {shown!r}: not an http://, https:// or socks5:// URL. "
                       f"Fix: give the proxy's URL with its scheme, {example}.")
    if problem == "host":
        raise BadInput(f"--proxy {shown!r}: no host name (or an invalid port). "
                       f"Fix: give the proxy's URL with host and port, {example}.")
    if urlsplit(proxy.strip()).scheme.lower() == "socks5" \
            and importlib.util.find_spec("socksio") is None:
        raise BadInput(f"--proxy {shown!r}: SOCKS proxies need the socksio package, which is "
                       "not installed. Fix: .venv/bin/pip install 'httpx[socks]', or use an "
                       "http:// proxy.")


def _parse_resolve(items: list[str]) -> dict[str, tuple[str, int]]:
    out = {}
    for item in items:
        host, _, addr = item.partition("=")
        ip, _, port = addr.rpartition(":")
        if not host or not ip or not port.isdigit():
            raise BadInput(f"--resolve {item!r}: expected HOST=IP:PORT, "
                           "e.g. --resolve www.example.co.uk=127.0.0.1:8080.")
        out[host.strip().lower()] = (ip.strip("[]"), int(port))
    return out


def _check_probes(names) -> None:
    import probes

    for n in names:
        if n not in probes.ORDER:
            raise BadInput(f"unknown probe {n!r}. Fix: choose from {', '.join(probes.ORDER)}.")


def _load_inputs(targets_path: Path, secrets_path: str | None, *, accounts_here: bool = True):
    """Targets and secrets; ``accounts_here`` False (a distributed sweep: each worker reads its
    own secrets file) checks account keys only when a secrets file is given here too."""
    from auditor.secrets import check_accounts, load_secrets, secret_values
    from auditor.targets import load_targets

    targets = load_targets(targets_path)
    secrets = load_secrets(Path(secrets_path)) if secrets_path else {}
    if accounts_here or secrets_path:
        check_accounts(targets, secrets if secrets_path else None, targets_path)
    return targets, secrets, secret_values(secrets) if secrets else set()


def cmd_sweep(a) -> int:
    path = Path(a.targets)
    if not path.is_file():
        raise BadInput(f"{path}: no such file. Fix: give the path of a target list CSV.")
    targets, secrets, values = _load_inputs(path, a.secrets, accounts_here=not a.broker)
    _check_compare(a.compare)
    options = _options(a)
    collector = _collector(a, options)
    code, _ = run_sweep(targets, options, Path(a.out), targets_file=path.name,
                        targets_sha256=file_sha256(path), secrets=secrets, secret_values=values,
                        compare=Path(a.compare) if a.compare else None, collector=collector)
    print(f"run folder: {a.out}  (report: {Path(a.out) / 'report' / 'index.html'})")
    _print_root(Path(a.out))
    return code


def _collector(a, options: SweepOptions):
    """With ``--broker``, a distributed sweep's collector, its broker reached once (exit 2 if
    it cannot be); else None."""
    from auditor.collector import Collector

    if not a.broker:
        if a.sweep_timeout is not None:
            raise BadInput("--sweep-timeout is for distributed sweeps (--broker). Fix: add "
                           "--broker URL, or leave it out (--timeout-per-target bounds each "
                           "target).")
        return None
    if a.sweep_timeout is not None and not (math.isfinite(a.sweep_timeout)
                                            and a.sweep_timeout > 0):
        raise BadInput(f"--sweep-timeout {a.sweep_timeout:g}: must be more than 0 seconds. "
                       "Fix: give the time the whole sweep may take, e.g. 3600.")
    files = {name: Path(path).read_text(encoding="utf-8")
             for name, path in (("providers_file", options.providers_file),
                                ("platforms_file", options.platforms_file)) if path}
    collector = Collector(a.broker, options, Path(a.out), sweep_timeout=a.sweep_timeout,
                          data_files=files)
    collector.check()
    return collector


MIN_VISIBILITY = 20.0       # seconds; a target gets all but a quarter of it (at most 60 s)


def cmd_worker(a) -> int:
    from auditor.worker import run_worker

    for name, value, least in (("--concurrency", a.concurrency, 1),
                               ("--render-concurrency", a.render_concurrency, 1),
                               ("--visibility-timeout", a.visibility_timeout, MIN_VISIBILITY),
                               ("--result-limit-mb", a.result_limit_mb, 0.1)):
        if not (math.isfinite(value) and value >= least):
            raise BadInput(f"{name} {value:g}: must be at least {least:g}. Fix: see "
                           "auditor worker --help for what it means and its default.")
    if a.memory_budget < 0:
        raise BadInput(f"--memory-budget {a.memory_budget}: must be 0 (no limit) or more. "
                       "Fix: give the memory the worker may use in MB, e.g. 4000.")
    if a.secrets:
        from auditor.secrets import load_secrets

        load_secrets(Path(a.secrets))          # a bad file stops the worker before any task
    return run_worker(a.broker, concurrency=a.concurrency,
                      render_concurrency=a.render_concurrency,
                      memory_budget_mb=a.memory_budget, secrets_file=a.secrets,
                      visibility_timeout=a.visibility_timeout,
                      result_limit_mb=a.result_limit_mb, workdir=a.workdir, name=a.name)


def _worker_parser(sub) -> None:
    from auditor.broker import DEFAULT_RESULT_LIMIT_MB, DEFAULT_VISIBILITY_TIMEOUT

    w = sub.add_parser("worker", help="audit the targets of distributed sweeps (Celery on "
                                      "Redis; README, 'Running on several machines')")
    w.add_argument("--broker", required=True, metavar="URL",
                   help="the Redis of the sweeps: redis://[:PASSWORD@]HOST:PORT/DB, or rediss://")
    w.add_argument("--concurrency", type=int, default=default_concurrency(),
                   help="targets open at once, as for sweep (default: %(default)s, from the "
                        "cores); one Celery thread each")
    w.add_argument("--render-concurrency", type=int, default=default_render_concurrency(),
                   help="pages rendering at once (default: %(default)s, the cores)")
    w.add_argument("--memory-budget", type=int, default=default_memory_budget_mb(),
                   metavar="MB", help="no new target starts while the worker holds more memory "
                                      "than this (default: %(default)s; 0: no limit)")
    w.add_argument("--secrets", default=None, metavar="FILE",
                   help="this worker's TOML file of test-account personas (tasks carry only "
                        "the row's accounts key, never a secret)")
    w.add_argument("--visibility-timeout", type=float, default=DEFAULT_VISIBILITY_TIMEOUT,
                   metavar="S", help="a task not acknowledged this long after delivery is "
                                     "delivered again (a lost worker's targets); every target "
                                     "is ended before it (default: %(default)g)")
    w.add_argument("--result-limit-mb", type=float, default=DEFAULT_RESULT_LIMIT_MB,
                   metavar="MB", help="largest result one target may send through the broker "
                                      "(default: %(default)g; above it the web archive is left "
                                      "out, then the target ends as error)")
    w.add_argument("--name", default=None,
                   help="this worker's name in run.json and the logs (default: the host name; "
                        "give one to tell apart several workers on one machine)")
    w.add_argument("--workdir", default=None, metavar="DIR",
                   help="folder for targets being audited (default: a temporary folder)")
    w.set_defaults(func=cmd_worker)


def _print_root(out: Path) -> None:
    root = root_hash(out)
    if root:
        print(f"root hash: {root}  (record it elsewhere; `auditor verify {out} --root {root}` "
              "finds any file changed since)")


def _check_compare(compare: str | None) -> None:
    """A ``--compare`` run that cannot be compared fails before the sweep, not after it."""
    if not compare:
        return
    from auditor.runfolder import read_meta

    read_meta(compare)                      # RunFolderError (exit 2) with the fix
    if not (Path(compare) / "verdicts.csv").is_file():
        raise BadInput(f"--compare {compare}: the run has no verdicts.csv, so nothing can be "
                       "compared. Fix: name a finished run, or run `auditor rescore` on it.")


def cmd_demo(a) -> int:
    from auditor.demo.server import DemoWeb

    services = [s for s in (a.services or "").split(",") if s] or None
    with DemoWeb(services) as web, tempfile.TemporaryDirectory() as tmp:
        tpath = web.write_targets(Path(tmp) / "demo-targets.csv")
        with_accounts = any(svc.row.get("accounts") for svc in web.services)
        spath = web.write_secrets(Path(tmp) / "demo-secrets.toml") if with_accounts else None
        targets, secrets, values = _load_inputs(tpath, str(spath) if spath else None)
        from auditor.demo.kit import TODAY

        opts = _options(a, defaults={"concurrency": 4, "timeout_per_target": 600.0,
                                     "max_pages": 250},
                        host_map=web.host_map,
                        secrets_file="(bundled demo personas)" if spath else None,
                        today=TODAY)
        collector = _collector(a, opts)
        code, outcomes = run_sweep(targets, opts, Path(a.out), targets_file=tpath.name,
                                   targets_sha256=file_sha256(tpath), secrets=secrets,
                                   secret_values=values,
                                   compare=Path(a.compare) if a.compare else None,
                                   collector=collector)
        wrong = []
        for sid, outcome in outcomes.items():
            expected = web.truth(sid).get("outcome", "ok")
            if outcome != expected:
                wrong.append(f"{sid}: expected {expected}, got {outcome}")
    print(f"demo run folder: {a.out}  (report: {Path(a.out) / 'report' / 'index.html'})")
    _print_root(Path(a.out))
    for w in wrong:
        print(f"  outcome differs from ground truth: {w}", file=sys.stderr)
    if code == 3:
        return 3
    return 1 if wrong else 0


def cmd_report(a) -> int:
    from auditor.finish import render

    run = Path(a.dir)
    if not (run / "run.json").is_file():
        raise BadInput(f"{run} is not a run folder (no run.json). Fix: give a sweep's --out.")
    regressions = render(run, Path(a.compare) if a.compare else None,
                         fail_on_regression=a.fail_on_regression)
    print(f"report: {run / 'report' / 'index.html'}  regressions: {regressions}")
    return 3 if regressions and a.fail_on_regression else 0


def cmd_rescore(a) -> int:
    from auditor.finish import judge
    from auditor.store import Store

    run = Path(a.dir)
    if not (run / "run.db").is_file():
        raise BadInput(f"{run} has no run.db. Fix: give the --out folder of a sweep.")
    try:
        on = date.fromisoformat(a.edition) if a.edition else date.today()
    except ValueError:
        raise BadInput(f"--edition {a.edition!r} is not a date. Fix: use YYYY-MM-DD.") from None
    store = Store(run / "run.db")
    try:
        name = f"verdicts-{on.isoformat()}.csv"
        edition = judge(run, store, on, filename=name)
    finally:
        store.close()
    print(f"{run / name}  (catalogue edition {edition})")
    root = add_to_seal(run, [run / name])
    if root:
        print(f"root hash now: {root}  ({name} added to SHA256SUMS)")
    # the report shows the root hash (and verify compares the two): rendered again with it
    from auditor.finish import render

    render(run)
    print(f"report: {run / 'report' / 'index.html'}")
    return 0


def cmd_measures(a) -> int:
    from auditor import measures

    sys.stdout.write(measures.format_catalogue(measures.load_catalogue(), fmt=a.format))
    return 0


def cmd_probe(a) -> int:
    from auditor.model import Target
    from auditor.signals import to_cell

    _check_probes([a.name])
    url = a.url if "://" in a.url else "https://" + a.url
    target = Target(id="probe", name=url, url=url)
    opts = _options(a, probes=("discovery", a.name), progress="none")
    out = Path(a.out) if a.out else Path(tempfile.mkdtemp(prefix="auditor-probe-"))
    code, outcomes = run_sweep([target], opts, out, targets_file="(probe)",
                               targets_sha256="", compare=None, log=sys.stderr,
                               judge_and_render=False)
    from auditor.store import Store

    store = Store(out / "run.db")
    rows = [o for _, o in store.observations() if a.name == "discovery" or o.probe == a.name]
    store.close()
    width = max((len(o.signal) for o in rows), default=10)
    print(f"{url}: {outcomes.get('probe')}")
    for o in rows:
        extra = f"  ({o.note})" if o.note else ""
        print(f"  {o.signal:<{width}}  {to_cell(o.value) or '-'}{extra}")
    print(f"evidence and tables: {out}")
    return code


def cmd_check(a) -> int:
    from auditor.check import load_personas, make_target, run_check

    target = make_target(a.url, kind=a.kind, size_band=a.size_band, risks=a.risk,
                         children_likely=a.children_likely, allow_forms=a.allow_forms,
                         accounts=a.accounts)
    secrets = load_personas(target, a.secrets)
    opts = _options(a, defaults={"concurrency": 1})
    return run_check(target, opts, Path(a.out), yes=a.yes, secrets=secrets)


def _check_parser(sub) -> None:
    c = sub.add_parser("check", help="audit one service and write a plain-language page for "
                                     "its operator (check-HOST-DATE.html)")
    c.add_argument("url", help="the service's start page, e.g. https://forum.example.org/")
    c.add_argument("--out", default=".", metavar="DIR",
                   help="folder for the page and its run folder (default: this folder)")
    c.add_argument("--kind", default=None,
                   help="what the service is: forum, social, chat, file_sharing, adult, "
                        "search, dating, gaming, other (default: inferred)")
    c.add_argument("--size-band", default=None,
                   help="UK monthly users: under_700k, 700k_to_7m, over_7m (default: unknown)")
    c.add_argument("--risk", action="append", default=[], metavar="KIND=LEVEL",
                   help="your own risk assessment, repeatable, e.g. --risk grooming=low")
    c.add_argument("--children-likely", action=argparse.BooleanOptionalAction, default=None,
                   help="children are likely to use the service (default: inferred)")
    c.add_argument("--allow-forms", action="store_true",
                   help="let the check make test accounts and send test messages on your own "
                        "site (the plan is shown and confirmed first)")
    c.add_argument("--accounts", default=None, metavar="KEY",
                   help="log in as your own test accounts: a table of the --secrets file "
                        "(adult and child personas); shown and confirmed first, like forms")
    c.add_argument("--yes", action="store_true",
                   help="confirm the --allow-forms plan without asking (for scripts)")
    _common(c)
    c.set_defaults(func=cmd_check)


def _broker_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--broker", default=None, metavar="URL",
                   help="spread the sweep over `auditor worker`s on this Redis "
                        "(redis://[:PASSWORD@]HOST:PORT/DB or rediss://); results are collected "
                        "into --out as a local sweep writes them (README, 'Running on several "
                        "machines')")
    p.add_argument("--sweep-timeout", type=float, default=None, metavar="S",
                   help="with --broker: stop after S seconds; targets not finished end as "
                        "timeout (default: none)")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="auditor", description=__doc__)
    p.add_argument("--version", action="version", version=f"osa-auditor {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sweep", help="audit every row of a target list")
    s.add_argument("targets", help="target list CSV")
    s.add_argument("--out", required=True, help="run folder to write")
    _broker_options(s)
    _common(s)
    s.set_defaults(func=cmd_sweep, a11y=False)     # axe only with --a11y: 6% of a sweep's speed
    d = sub.add_parser("demo", help="serve the bundled demo web and sweep it")
    d.add_argument("--out", required=True)
    d.add_argument("--services", default="", help="comma-separated demo service ids")
    _broker_options(d)
    _common(d)
    d.set_defaults(func=cmd_demo)
    r = sub.add_parser("report", help="re-render the report and exports of a run")
    r.add_argument("dir")
    r.add_argument("--compare", default=None, metavar="OLDER_DIR")
    r.add_argument("--fail-on-regression", action="store_true")
    r.set_defaults(func=cmd_report)
    rs = sub.add_parser("rescore", help="re-judge a stored run; no network")
    rs.add_argument("dir")
    rs.add_argument("--edition", default=None, metavar="DATE")
    rs.set_defaults(func=cmd_rescore)
    m = sub.add_parser("measures", help="list the measures catalogue")
    m.add_argument("--format", choices=["text", "csv"], default="text")
    m.set_defaults(func=cmd_measures)
    pr = sub.add_parser("probe", help="run discovery and one probe on one URL")
    pr.add_argument("name")
    pr.add_argument("url")
    pr.add_argument("--out", default=None, help="folder for evidence (default: a temp folder)")
    _common(pr)
    pr.set_defaults(func=cmd_probe)
    _check_parser(sub)
    _worker_parser(sub)
    integrity_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted; continue with --resume", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - known input errors become exit 2 with their fix
        # an error of ours that carries its own exit code (CouldNotCompare: cron must not pass
        # when nothing was compared; CaseError: a run that does not verify is 1)
        if isinstance(getattr(exc, "exit_code", None), int):
            print(f"auditor: {exc}", file=sys.stderr)
            return exc.exit_code
        if _is_input_error(exc):
            print(f"auditor: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        raise


def _is_input_error(exc: Exception) -> bool:
    names = {"BadInput", "TargetListError", "SecretsError", "FolderLocked", "BrowserNotFound",
             "CatalogueError", "RecipeError", "RunFolderError", "NotVerifiable"}
    return type(exc).__name__ in names


if __name__ == "__main__":
    sys.exit(main())
