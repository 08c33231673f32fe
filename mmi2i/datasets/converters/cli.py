"""The one command-line convention of the tools, set by
``tools/dataset_converters/``.

* Every input is a named flag: ``--root`` for a source dataset folder,
  ``--ann``/``--img-dir``/``--box-dir``/... for single inputs.
* ``--out`` is always the tool's one output, of the kind the tool makes
  (:data:`OUT_KINDS`: a dataset root, a folder, a JSON, PNG or checkpoint
  file), shown in its metavar (``ROOT``, ``FOLDER``, ``FILE.json``...)
  and checked before any work by :func:`check_out`: never one of the
  inputs, a file where a folder is meant (or the reverse) refused, an
  existing file replaced only with ``--overwrite``, always written
  through a temporary file. The model converters, as mmdet's, take
  ``SRC OUT`` positionally and check ``OUT`` the same way.
* ``--split``, ``--link`` (copy/symlink/hardlink) and ``--allow-empty``
  mean the same everywhere.
* Per-domain image and instance counts are printed; a bad input prints
  one ``error: ...`` line naming the file and exits with status 2, and
  nothing is written (see :class:`~.writer.ConversionJob`);
  :func:`run_tool` is that convention, for every tool.
"""
import argparse
import os.path as osp
import sys
import traceback
from typing import Callable, Dict, Optional, Sequence

from ..io import DataError

#: What ``--out`` names, per kind of output: (metavar, help, extension).
OUT_KINDS = dict(
    dataset=('ROOT', 'output dataset root (common format)', None),
    folder=('FOLDER', 'output folder (created)', None),
    json=('FILE.json', 'JSON file to write', '.json'),
    png=('FILE.png', 'PNG file to write', '.png'),
    pth=('FILE.pth', 'checkpoint file to write', '.pth'),
)


def tool_parser(doc: str) -> argparse.ArgumentParser:
    """A parser whose description is the first line of the tool's
    docstring and whose epilog (examples) is the rest."""
    first, _, rest = doc.strip().partition('\n')
    return argparse.ArgumentParser(
        description=first, epilog=rest.strip() or None,
        formatter_class=argparse.RawDescriptionHelpFormatter)


def add_out_option(parser: argparse.ArgumentParser, kind: str,
                   required: bool = True, what: str = '') -> None:
    """``--out`` of the given :data:`OUT_KINDS` kind, and ``--overwrite``
    for the file kinds (a folder's tool decides what it replaces)."""
    metavar, text, ext = OUT_KINDS[kind]
    parser.add_argument('--out', required=required, metavar=metavar,
                        help=text + (f': {what}' if what else ''))
    if ext is not None:
        parser.add_argument('--overwrite', action='store_true',
                            help='replace an existing --out (never an '
                            'input)')


def check_out(path: str, kind: str, overwrite: bool = False,
              inputs: Sequence[str] = (), flag: str = '--out') -> str:
    """Check an output path before any work; returns it.

    Raises:
        DataError: ``path`` is one of ``inputs``; a folder where a file is
            meant or a file where a folder is; a file without the kind's
            extension; an existing file without ``overwrite``.
    """
    metavar, _, ext = OUT_KINDS[kind]
    real = osp.realpath(path)
    if real in {osp.realpath(p) for p in inputs}:
        raise DataError(f'{flag} {path} is one of the inputs; choose another '
                        'path')
    if ext is None:
        if osp.isfile(path):
            raise DataError(f'{flag} {path} is a file; give a folder')
        return path
    if osp.isdir(path):
        raise DataError(f'{flag} {path} is a folder; give the {ext} file to '
                        'write')
    if not path.lower().endswith(ext):
        raise DataError(f'{flag} {path} must end in {ext} (it names the '
                        f'{metavar} file to write)')
    if osp.exists(path) and not overwrite:
        raise DataError(f'{flag} {path} exists; pass --overwrite to replace '
                        'it')
    return path


def converter_parser(doc: str,
                     split: Optional[str] = 'train',
                     link: Optional[str] = 'copy',
                     allow_empty: bool = True,
                     out_kind: str = 'dataset',
                     out_help: str = '') -> argparse.ArgumentParser:
    """An argument parser with the shared converter flags.

    Args:
        doc (str): The tool's module docstring (first line: description,
            the rest: epilog with examples).
        split (str, optional): Default of ``--split``; None: no such flag.
        link (str, optional): Default of ``--link``; None: no such flag.
        allow_empty (bool): Whether to add ``--allow-empty``.
        out_kind (str): What ``--out`` names (:data:`OUT_KINDS`).
    """
    p = tool_parser(doc)
    add_out_option(p, out_kind, what=out_help)
    if split is not None:
        p.add_argument('--split', default=split,
                       help=f'split name of the output (default {split})')
    if link is not None:
        p.add_argument('--link', choices=['copy', 'symlink', 'hardlink'],
                       default=link,
                       help=f'how images are placed (default {link})')
    if allow_empty:
        p.add_argument('--allow-empty', action='store_true',
                       help='write a domain even when it ends with no '
                       'instances (otherwise an error)')
    return p


def add_mask_options(parser: argparse.ArgumentParser) -> None:
    """``--mask-value`` / ``--mask-threshold``: how a mask file that is not
    two-valued is read (the converters and ``tools/translate.py
    --mask-dir`` share them; see :func:`mmi2i.datasets.io.read_mask`)."""
    parser.add_argument(
        '--mask-value', type=int,
        help='foreground is this pixel value (label-valued masks)')
    parser.add_argument(
        '--mask-threshold', type=float,
        help='foreground is > this value (anti-aliased or JPEG masks, '
        "e.g. 127 for the InstaGAN authors' samples); default: masks "
        'must be two-valued')


def positive_int(text: str) -> int:
    """An argparse type: an int >= 1 (``--batch-size 0`` or ``-1`` used to
    write nothing without a word)."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f'must be >= 1, got {value}')
    return value


def add_class_map(parser: argparse.ArgumentParser, default: Dict,
                  key: str = 'KEY') -> None:
    """``--class-map KEY=NAME ...``: the source classes kept and their
    names, replacing ``default`` (shown in the help)."""
    parser.add_argument(
        '--class-map', nargs='+', metavar=f'{key}=NAME',
        help='source classes kept and their names (default: ' +
        ' '.join(f'{k}={v}' for k, v in default.items()) + ')')


def parse_pairs(pairs: Optional[Sequence[str]],
                key_type: Callable = str) -> Optional[Dict]:
    """``['5=skirt', '6=pants']`` -> {5: 'skirt', 6: 'pants'} (keys
    converted by ``key_type``); None for no pairs.

    Raises:
        DataError: for an item that is not KEY=NAME.
    """
    if not pairs:
        return None
    out = {}
    for p in pairs:
        k, _, v = p.partition('=')
        try:
            key = key_type(k)
        except ValueError:
            key = None
        if not v or not k or key is None:
            raise DataError(f'expected KEY=NAME (e.g. 5=skirt), got {p!r}')
        out[key] = v
    return out


def run_tool(fn: Callable, *args, **kwargs):
    """Run a tool's work with the tools' one exit convention.

    * bad input (:class:`DataError`, which names the file) and file-system
      faults (``OSError``: a full disk, a read-only folder, which name the
      path): one ``error:`` line on stderr, exit status 2;
    * anything else: the traceback, then an ``error:`` line that says what
      to report, exit status 2.

    The tools write through temporary files (:func:`mmi2i.utils.atomic_path`,
    :class:`~.writer.ConversionJob`), so no failure leaves a partial file.
    """
    try:
        return fn(*args, **kwargs)
    except (DataError, OSError) as e:
        print(f'error: {e}', file=sys.stderr)
        sys.exit(2)
    except Exception as e:  # noqa: BLE001 - the documented exit status
        traceback.print_exc()
        print(f'error: unexpected {type(e).__name__}: {e}. If the input '
              'is valid, this is a bug: please report it with the traceback '
              'above.', file=sys.stderr)
        sys.exit(2)
