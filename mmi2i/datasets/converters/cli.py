"""The one command-line convention of ``tools/dataset_converters/``.

* Every input is a named flag: ``--root`` for a source dataset folder,
  ``--ann``/``--img-dir``/``--box-dir``/... for single inputs.
* ``--out`` is always the output (a dataset root of the common format;
  for ``merge_domains.py`` the merged JSON file).
* ``--split``, ``--link`` (copy/symlink/hardlink) and ``--allow-empty``
  mean the same everywhere.
* Per-domain image and instance counts are printed; a bad input prints
  one ``error: ...`` line naming the file and exits with status 2, and
  nothing is written (see :class:`~.writer.ConversionJob`);
  :func:`run_tool` is that convention, for every tool.
"""
import argparse
import sys
import traceback
from typing import Callable, Dict, Optional, Sequence

from ..io import DataError


def converter_parser(doc: str,
                     split: Optional[str] = 'train',
                     link: Optional[str] = 'copy',
                     allow_empty: bool = True,
                     out_help: str = 'output root (common format)'
                     ) -> argparse.ArgumentParser:
    """An argument parser with the shared converter flags.

    Args:
        doc (str): The tool's module docstring (first line: description,
            the rest: epilog with examples).
        split (str, optional): Default of ``--split``; None: no such flag.
        link (str, optional): Default of ``--link``; None: no such flag.
        allow_empty (bool): Whether to add ``--allow-empty``.
    """
    first, _, rest = doc.strip().partition('\n')
    p = argparse.ArgumentParser(
        description=first, epilog=rest.strip() or None,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--out', required=True, help=out_help)
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
