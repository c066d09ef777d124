"""CLI commands for the published site: `build` and `serve`.

This is the I/O edge of the site: it loads and scores the project, hands plain data
to `render.render_site`, and writes the result atomically."""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import sys
import tempfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence, Union

if TYPE_CHECKING:
    from .project import Project
    from .render import Site, SiteData
    from .scoring import ModelScore

# A folder we may replace must look like a site we built: never wipe an arbitrary directory.
SITE_MARKERS = ("index.html", "models.json")


def site_data(project: "Project", scores: "list[ModelScore]", base_url: str) -> "SiteData":
    from .render import SiteData

    records = {r.id: r for r in project.records()}
    snapshots = {repo: snap for r in records.values() for repo in r.hub if (snap := project.snapshot(repo)) is not None}
    return SiteData(scores=scores, records=records, methodology=project.methodology, catalogue=project.catalogue,
                    data_date=project.data_date(), base_url=base_url, snapshots=snapshots,
                    frameworks=project.frameworks, history=score_history(project.root))


def score_history(root: Path) -> list:
    """Score changes from git, when the data lives in a repository; none otherwise."""
    from .gitdata import GitError
    from .history import history

    try:
        return history(root)
    except GitError:
        return []


def write_site(files: Mapping[str, Union[str, bytes]], out: Path) -> None:
    """Write files into a site folder, replaced atomically (see `_swap_in`)."""
    _swap_in(out, lambda tmp: _write(tmp, files.items()))


def build_site(site: "Site", out: Path) -> int:
    """Render and write the site, shares in parallel on large data sets: each worker
    writes its own files, so no rendered page travels between processes. Returns the
    number of files written."""
    from .parallel import pmap

    jobs: list[Any] = [_SHARED, *site.scores]
    counts: list[int] = []
    # Small pieces, handed out as workers free up: the piece with the site-wide files
    # (index, models.json, …) costs as much as hundreds of model pages.
    _swap_in(out, lambda tmp: counts.extend(pmap(_render_share, jobs, (site, tmp), pieces=32)))
    return sum(counts)


_SHARED = "shared pages"


def _render_share(shared: "tuple[Site, Path]", jobs: "Sequence[Any]") -> list[int]:
    site, tmp = shared
    scores = [j for j in jobs if j is not _SHARED]
    files = itertools.chain(site.shared().items() if len(scores) < len(jobs) else (), site.model_files(scores))
    return [_write(tmp, files)]  # each page is written as soon as it is rendered


def _write(tmp: Path, files: Iterable[tuple[str, Union[str, bytes]]]) -> int:
    made: set[Path] = set()
    count = 0
    for rel, content in files:
        path = Path(rel)
        if path.is_absolute() or ".." in path.parts:  # render refuses unsafe ids; this is the last line
            raise ValueError(f"refusing to write outside the site: {rel!r}")
        if path.parent not in made:
            (tmp / path.parent).mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        (tmp / path).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        count += 1
    return count


def _swap_in(out: Path, fill: Callable[[Path], Any]) -> None:
    """Fill a temporary sibling folder, then swap it in: a failure at any point
    leaves the previous site untouched."""
    out = out.resolve()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not all((out / m).is_file() for m in SITE_MARKERS))):
        raise SystemExit(f"scorecard: error: {out} exists and is not a built site; refusing to replace it "
                         "(choose another --out or remove it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        fill(tmp)
        os.chmod(tmp, 0o755)  # mkdtemp makes it 0700; a published folder is world-readable
        # Two renames, not one atomic exchange (the stdlib has no renameat2), but the
        # window between them is microseconds and nothing is ever half-written.
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}-old-{os.getpid()}")
            out.rename(old)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import score_all
    from .cli import _project
    from .render import SITE_URL, Site

    base_url = args.base_url or SITE_URL
    if not base_url.startswith(("https://", "http://")) or any(c in base_url for c in " \"'<>`\\"):
        print("scorecard: error: --base-url must be an http(s) URL such as https://example.org", file=sys.stderr)
        return 2
    project = _project(args)
    # The same checked set records() uses, so the data is parsed once.
    errors = [d for c in project._all_checked for d in c.diagnostics if d.severity == "error"]
    if errors:
        for d in errors[:10]:
            print(d.text(), file=sys.stderr)
        print(f"scorecard: error: {len(errors)} validation error(s); the site was not built "
              "(run `scorecard validate`)", file=sys.stderr)
        return 1
    scores = score_all(project)
    out = Path(args.out) if args.out else project.root / "_site"
    count = build_site(Site(site_data(project, scores, base_url)), out)
    print(f"built {count} files for {len(scores)} models into {out}", file=sys.stderr)
    return 0


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files only; logs go to stderr unless silenced (tests)."""

    quiet = False

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        if not self.quiet:
            super().log_message(format, *args)


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False) -> ThreadingHTTPServer:
    handler = type("Handler", (QuietHandler,), {"quiet": quiet})
    return ThreadingHTTPServer((host, port), partial(handler, directory=str(directory)))


def cmd_serve(args: argparse.Namespace) -> int:
    directory = Path(args.dir) if args.dir else Path(args.root) / "_site"
    if not (directory / "index.html").is_file():
        print(f"scorecard: error: no site in {directory}; run `scorecard build` first", file=sys.stderr)
        return 1
    server = make_server(directory, args.host, args.port)
    host, port = server.server_address[:2]
    print(f"serving {directory} at http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def register(sub: "argparse._SubParsersAction") -> None:
    # No imports of the renderer here: building the parser must stay cheap for every command.
    p = sub.add_parser("build", help="render the static site (offline)")
    p.add_argument("--out", metavar="DIR", help="output folder (default: _site under --root); replaced atomically")
    p.add_argument("--base-url", help="absolute URL the site is published at, used in permalinks and citations "
                                      "(default: https://open-model-scorecard.github.io)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="preview the built site locally")
    p.add_argument("--dir", metavar="DIR", help="site folder (default: _site under --root)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    p.set_defaults(func=cmd_serve)
