"""Split inputs into shards, independent of how the input is laid out in files.

- many small ``.txt``/``.html`` files are grouped into one shard;
- an uncompressed JSONL file is cut into byte ranges (a line belongs to the range it starts in);
- a Parquet file is cut at row-group boundaries (one that cannot be opened is one shard, whose
  reader quarantines it);
- compressed JSONL and WARC files are one shard each (a gzip stream cannot be entered mid-way).

The plan is a pure function of the inputs and the reader config, so a rerun finds the same shard
ids and can resume.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any, NamedTuple

from fsspec.implementations.local import LocalFileSystem

from tamis.config import ReaderConfig
from tamis.errors import ConfigError
from tamis.io.paths import filesystem, unstrip
from tamis.io.sniff import opens_json_array

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Shard:
    id: str
    format: str
    # (url to open, name used in document ids); one entry except for grouped small files
    files: tuple[tuple[str, str], ...]
    start: int = 0  # byte offset (jsonl) or first row group (parquet)
    stop: int | None = None  # end byte (exclusive) or row group after the last


# the compressions the readers undo (fsspec, fastwarc, ``io.zstdcheck``, ``io.bzxz``)
COMPRESSIONS = (".gz", ".zst", ".zstd", ".bz2", ".xz")


def detect_format(name: str) -> str:
    """Guess a reader from a file name.

    >>> [detect_format(n) for n in ["a.jsonl.gz", "b.warc.wet.txt", "c.html", "d.txt", "e.parquet", "f.json.zst", "g.jsonl.xz"]]
    ['jsonl', 'warc', 'html', 'txt', 'parquet', 'jsonl', 'jsonl']
    """
    low = name.lower()
    for suffix in COMPRESSIONS:
        if low.endswith(suffix):
            low = low[: -len(suffix)]
    if ".warc" in low or low.endswith(".wet") or low.endswith(".arc"):
        return "warc"
    if low.endswith((".jsonl", ".json", ".ndjson")):
        return "jsonl"
    if low.endswith(".parquet"):
        return "parquet"
    if low.endswith((".html", ".htm", ".xhtml")):
        return "html"
    return "txt"


def is_compressed(name: str) -> bool:
    return name.lower().endswith(COMPRESSIONS)


class InputFile(NamedTuple):
    url: str  # to open
    name: str  # as shown and used in document ids
    size: int
    modified: float | str | None = None  # modification time, where the filesystem gives one


# Where fsspec filesystems keep a file's modification time (local, s3, azure, gcs, others);
# "created" last: the memory filesystem has nothing else, and replaces a file to change it.
_MTIME_KEYS = ("mtime", "LastModified", "last_modified", "updated", "modified", "created")


def modified_time(info: dict[str, Any]) -> float | str | None:
    """A file's modification time from an fsspec ``info()`` entry, in a form JSON keeps as is.

    >>> modified_time({"size": 3, "mtime": 1700000000.5}), modified_time({"size": 3})
    (1700000000.5, None)
    >>> import datetime; modified_time({"LastModified": datetime.datetime(2024, 5, 1)})
    '2024-05-01 00:00:00'
    """
    for key in _MTIME_KEYS:
        value = info.get(key)
        if value is not None:
            return value if isinstance(value, (int, float)) else str(value)
    return None


def list_inputs(inputs: list[str], cfg: ReaderConfig, output: str | None = None) -> list[InputFile]:
    """Every input file with its size and modification time, in a stable order; nothing under the
    folder ``output``, where a run writes (an output inside an input folder would otherwise be
    read by the next run, and a rerun would find a changed input)."""
    found: list[InputFile] = []
    private: list[str] = []  # globs whose every match was a hidden or _private name
    out_fs, out_root = filesystem(output) if output else (None, "")
    out_prefix = out_root.rstrip("/") + "/"
    for given in inputs:
        fs, root = filesystem(given)
        shown = _shown(root, fs, given) if isinstance(fs, LocalFileSystem) and "://" not in given else given.rstrip("/")
        if fs.isdir(root):
            local = isinstance(fs, LocalFileSystem)
            entries = _local_files(root, out_root if local and isinstance(out_fs, LocalFileSystem) else None) \
                if local else fs.find(root, detail=True)
            for path in sorted(entries):
                rel = path[len(root.rstrip("/")) + 1 :]
                if any(part.startswith((".", "_")) for part in rel.split("/")):
                    continue  # hidden files and our own _markers are never input
                if output and type(fs) is type(out_fs) and path.startswith(out_prefix):
                    continue
                entry = entries[path]
                # "." and "in/.." name their files "a.txt", as the file itself named does (not "./a.txt")
                name = os.path.normpath(os.path.join(shown, rel)) if local and "://" not in shown else f"{shown.rstrip('/')}/{rel}"
                found.append(InputFile(unstrip(fs, path), name, int(entry.get("size") or 0), modified_time(entry)))
        elif fs.exists(root):
            entry = fs.info(root)
            found.append(InputFile(unstrip(fs, root), shown, int(entry.get("size") or 0), modified_time(entry)))
        else:
            matches = sorted(fs.glob(root)) if any(c in given for c in "*?[") else []
            if not matches:
                raise ConfigError(f"input not found: {given}")
            globbed = _glob_inputs(fs, root, given, matches, cfg, output)
            if not globbed and all(_private_below(path, root) for path in matches):
                private.append(f"{given} matches only hidden or _private names ({matches[0]}), which are not read as "
                               "input; spell the leading '.' or '_' in the pattern to read them")
                log.warning("%s", private[-1])
            found += globbed
    if not found and private:  # nothing else to read: say why these matches were not
        raise ConfigError("; ".join(private))
    if not found and output and isinstance(out_fs, LocalFileSystem) and any(
            os.path.isdir(g) and _inside(os.path.realpath(output), os.path.realpath(g)) for g in inputs if "://" not in g):
        # the only files were the output's own (a rerun of "tamis run in -o in"): say why nothing is read
        raise ConfigError(f"no input files found in {', '.join(inputs)}: the output folder {output} is inside it, "
                          "and nothing in an output folder is read as input; write to another folder")
    # a file named twice ("in ./in/", "in/a.txt in/*.txt") is read once, under its first name
    first: dict[str, InputFile] = {}
    for f in found:
        first.setdefault(f.url, f)
    unique = list(first.values())
    if len(unique) < len(found):
        log.warning("%d input file(s) named more than once are read once", len(found) - len(unique))
    return unique


def _glob_inputs(fs: Any, root: str, given: str, matches: list[str], cfg: ReaderConfig, output: str | None) -> list[InputFile]:
    """The input files of a glob's sorted ``matches``: a file as it is, a folder as a folder given
    by name, once (a "**" match under a folder already read is skipped). Below the pattern's fixed
    folder, hidden and _private names are skipped as they are inside a folder, unless the pattern
    itself spells one ("in/.*")."""
    out_fs, out_root = filesystem(output) if output else (None, "")
    local = isinstance(fs, LocalFileSystem) and "://" not in given
    found: list[InputFile] = []
    folders: list[str] = []
    for path in matches:
        if output and type(fs) is type(out_fs) and (path.startswith(out_root.rstrip("/") + "/") or (
                isinstance(fs, LocalFileSystem) and _inside(os.path.realpath(path), os.path.realpath(out_root)))):
            continue  # a glob over a folder that holds the output (by any path): as for a folder
        if _private_below(path, root):
            continue
        if any(_inside(path, folder) for folder in folders):
            continue
        if fs.isfile(path):
            entry = fs.info(path)
            found.append(InputFile(unstrip(fs, path), _shown(path, fs, given), int(entry.get("size") or 0), modified_time(entry)))
        elif fs.isdir(path):
            folders.append(path)
            found += list_inputs([_shown(path, fs, given) if local else unstrip(fs, path)], cfg, output)
    return found


def _private_below(path: str, pattern: str) -> bool:
    """Whether a glob's match has a hidden or _private name below the pattern's fixed folder that
    the pattern does not spell ("in/*" matching "in/_old"; "in/_*" spells it).

    >>> _private_below("in/_old/a.txt", "in/*"), _private_below("in/_old", "in/_*"), _private_below("_x/in/a", "_x/in/*")
    (True, False, False)
    """
    base = pattern[: min(pattern.index(c) for c in "*?[" if c in pattern)].rsplit("/", 1)[0]
    if any(_spells_private(part) for part in pattern[len(base):].split("/")):
        return False
    return any(part.startswith((".", "_")) for part in path[len(base):].strip("/").split("/"))


def _spells_private(part: str) -> bool:
    """Whether a pattern's part may start with "." or "_" by its own spelling: "_*", "[_a]*", "[a-z_]*"."""
    if part.startswith((".", "_")):
        return True
    return part.startswith("[") and "]" in part and any(c in part[1 : part.index("]", 1)] for c in "._")


def _shown(path: str, fs: Any, given: str) -> str:
    """The name in document ids of ``path`` (as fsspec gives it: absolute, for a local file),
    found from the input ``given``: relative to the working folder if ``given`` was relative, so
    that ``./in/``, ``in``, ``../here/in`` and ``in/*.txt`` all give ``in/page.txt``; absolute if
    it was absolute; for a URL, the URL.

    >>> from fsspec.implementations.local import LocalFileSystem
    >>> fs, here = LocalFileSystem(), os.getcwd()
    >>> _shown(f"{here}/in", fs, "./in//"), _shown("/data/in", fs, "/data//in/"), _shown(f"{here}/in/a.txt", fs, "in/*.txt")
    ('in', '/data/in', 'in/a.txt')
    """
    if not isinstance(fs, LocalFileSystem) or "://" in given:
        return fs.unstrip_protocol(path)  # "file://..." too, as a file:// folder's files are named
    return os.path.normpath(path) if os.path.isabs(given) else os.path.relpath(path)


def _inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or lies under it (both real, absolute paths).

    >>> _inside("/data/in", "/data"), _inside("/data", "/data"), _inside("/data2", "/data"), _inside("/x", "/")
    (True, True, False, True)
    """
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _local_files(root: str, output: str | None = None) -> dict[str, dict[str, Any]]:
    """Every file under a local folder with its size and modification time (as fsspec's ``find``
    gives them), symlinked folders followed.

    fsspec's ``find`` lists a link to a folder as one file, which the reader then fails on. We
    follow links, but never into a folder already listed: a link loop (``loop -> ..``) must end,
    and a link to a listed folder would read its pages twice. Nor into the root's own folder or
    one that holds it (``up -> ..``, a link to ``/``): that reads beyond the input, the run's own
    output among it, and grows with every run. The folder ``output`` (where the run writes) is
    never listed, whatever path leads to it. Real folders are listed before any link is followed,
    and a linked file whose real file is listed already is left out, so that a page is read
    once, under its real place where it has one. A dangling link stays a file, so that the
    reader reports it.
    """
    files: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()  # real paths of the folders listed
    real_files: set[str] = set()  # real paths of the files listed
    linked: list[tuple[str, dict[str, Any]]] = []  # links to files: kept if their real file is not listed
    root = root.rstrip("/") or "/"
    root_real = os.path.realpath(root)
    out_real = os.path.realpath(output) if output else None
    if out_real and _inside(root_real, out_real):  # reading (part of) the output itself: asked for
        out_real = None
    trees = [root]  # the root, then each link to a folder not listed yet
    while trees:
        top = trees.pop(0)
        real_top = os.path.realpath(top)
        if top != root and _inside(root_real, real_top):
            log.warning("not following the link %s: it leads to the input folder or one that holds it (%s)",
                        top, real_top)
            continue
        if real_top in seen:  # only a link can lead to a folder already listed
            log.warning("not following the link %s: it leads to a folder already read (%s)", top, real_top)
            continue
        folders = [top]
        while folders:
            folder = folders.pop()
            real = os.path.realpath(folder)
            if real in seen:
                continue
            if out_real and _inside(real, out_real):
                log.info("not reading %s: it is the run's output folder (%s)", folder, out_real)
                continue
            seen.add(real)
            try:
                entries = list(os.scandir(folder))
            except OSError as err:
                # a folder we may not list may hold pages: listed as one entry, which the reader
                # quarantines as unreadable (the run is partial), rather than skipped unsaid
                log.warning("cannot list %s: %s", folder, err)
                files[folder] = {"size": 0}
                continue
            for entry in entries:
                if entry.name.startswith((".", "_")):
                    # never input (as in ``list_inputs``), and skipped here already, so that a
                    # hidden real file or folder never counts as read for a visible link to it
                    # (a Kubernetes volume's "f.jsonl -> ..data/f.jsonl")
                    continue
                try:
                    is_dir = entry.is_dir()  # follows a link
                except OSError:
                    is_dir = False
                if is_dir:
                    (trees if entry.is_symlink() else folders).append(entry.path)
                    continue
                try:
                    stat = entry.stat()
                    info = {"size": stat.st_size, "mtime": stat.st_mtime}
                except OSError:  # a dangling link: listed, the reader reports it unreadable
                    files[entry.path] = {"size": 0}
                    continue
                if entry.is_symlink():
                    linked.append((entry.path, info))
                else:
                    files[entry.path] = info
                    real_files.add(os.path.join(real, entry.name))
        trees.sort()
    for path, info in sorted(linked):
        real = os.path.realpath(path)
        if real in real_files:
            log.warning("not reading the link %s: it leads to a file already read (%s)", path, real)
        elif out_real and _inside(real, out_real):
            log.info("not reading %s: it is in the run's output folder (%s)", path, out_real)
        else:
            files[path] = info
            real_files.add(real)
    return files


def _json_array(url: str, name: str) -> bool:
    """Whether a .json file holds one JSON array, which only its first byte range would show (its
    later ranges read as bad lines): it is read whole, and quarantined as ``json_array``."""
    if not name.endswith(".json"):
        return False
    fs, path = filesystem(url)
    try:
        with fs.open(path, "rb") as fh:
            return opens_json_array(fh.read(4096))
    except OSError:  # unreadable now: its reader says so, under its name
        return False


def plan_shards(inputs: list[str], cfg: ReaderConfig, files: list[InputFile] | None = None) -> list[Shard]:
    """The shards of ``inputs``; ``files`` is ``list_inputs(inputs, cfg)`` where the caller has it."""
    files = list_inputs(inputs, cfg) if files is None else files
    if not files:
        raise ConfigError(f"no input files found in {', '.join(inputs)}")
    shards: list[Shard] = []
    group: list[tuple[str, str]] = []
    group_bytes = 0
    group_fmt = ""

    def new_id() -> str:
        return f"{len(shards):05d}"

    def flush() -> None:
        nonlocal group, group_bytes
        if group:
            shards.append(Shard(new_id(), group_fmt, tuple(group)))
            group, group_bytes = [], 0

    for url, name, size, _ in files:
        fmt = cfg.format if cfg.format != "auto" else detect_format(name)
        if fmt == "wet":
            fmt = "warc"
        if fmt in ("txt", "html"):
            if group and (group_fmt != fmt or group_bytes + size > cfg.shard_bytes or len(group) >= 10_000):
                flush()
            group_fmt = fmt
            group.append((url, name))
            group_bytes += size
            continue
        flush()
        if fmt == "jsonl" and not is_compressed(name) and size > cfg.shard_bytes and not _json_array(url, name):
            for start in range(0, size, cfg.shard_bytes):
                shards.append(Shard(new_id(), fmt, ((url, name),), start, min(size, start + cfg.shard_bytes)))
        elif fmt == "parquet":
            shards.extend(_parquet_shards(url, name, cfg, len(shards)))
        else:
            shards.append(Shard(new_id(), fmt, ((url, name),)))
    flush()
    return shards


def _parquet_shards(url: str, name: str, cfg: ReaderConfig, first: int) -> list[Shard]:
    import pyarrow.parquet as pq

    fs, path = filesystem(url)
    try:
        with fs.open(path, "rb") as fh:
            meta = pq.ParquetFile(fh).metadata
    except (ValueError, OSError) as err:
        from tamis.io.readers import FILE_ERRORS, parquet_broken

        if not parquet_broken(err) and not isinstance(err, FILE_ERRORS):
            raise
        # Empty or broken (no footer), or not there (a dangling link): one shard, whose reader
        # quarantines the file with the reason. Planning must not stop the run for one bad file.
        return [Shard(f"{first:05d}", "parquet", ((url, name),))]
    out: list[Shard] = []
    start, acc = 0, 0
    for i in range(meta.num_row_groups):
        acc += meta.row_group(i).total_byte_size
        if acc >= cfg.shard_bytes or i == meta.num_row_groups - 1:
            out.append(Shard(f"{first + len(out):05d}", "parquet", ((url, name),), start, i + 1))
            start, acc = i + 1, 0
    if not out:  # a file with no row groups still gets a shard, so it is accounted for
        out.append(Shard(f"{first:05d}", "parquet", ((url, name),), 0, 0))
    return out
