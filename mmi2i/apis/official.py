"""Converting the authors' released checkpoints into mmi2i checkpoints.

Each method that has released weights keeps the key map of its authors'
files in ``mmi2i/models/editors/<method>/official_weights.py``; the tools
``tools/model_converters/<method>_official.py SRC OUT.pth [--config
CONFIG]`` share the parser and the writer below: the official files are
never overwritten, ``OUT`` is replaced only with ``--overwrite`` and is
written atomically, every converted tensor must fit the config's network
(name and shape), and a network the conversion touches must be filled
completely. Networks without official weights (e.g. discriminators that
were not released) keep their initialization and are named in the
summary line.
"""
import argparse
import os
import os.path as osp
from typing import Callable, Dict, Sequence

import torch
from mmengine.config import Config
from torch import Tensor

from mmi2i.datasets.converters.cli import check_out, tool_parser
from mmi2i.datasets.io import DataError
from mmi2i.engine.checkpoint_io import CheckpointError, read_checkpoint
from mmi2i.utils import atomic_path
from .inference import init_model


def official_parser(doc: str, src_help: str,
                    default_config: str) -> argparse.ArgumentParser:
    """The model converters' one command line: ``SRC OUT [--config CONFIG]
    [--overwrite]`` with the tool's docstring as description and epilog."""
    p = tool_parser(doc)
    p.add_argument('src', help=src_help)
    p.add_argument('out', metavar='OUT.pth',
                   help='mmi2i checkpoint to write')
    p.add_argument('--config', default=default_config,
                   help='config the weights are for (its network sizes must '
                   f'match the released ones; default {default_config})')
    p.add_argument('--overwrite', action='store_true',
                   help='replace an existing OUT')
    return p


def read_official(path: str) -> dict:
    """Load an official checkpoint safely (``weights_only``), with errors
    that name the file."""
    try:
        return read_checkpoint(path)
    except (CheckpointError, FileNotFoundError) as e:
        raise DataError(str(e)) from e


def convert_official(config: str, out: str, inputs: Sequence[str],
                     convert: Callable[[torch.nn.Module], Dict[str, Tensor]],
                     method: str, overwrite: bool = False,
                     meta: dict = None) -> dict:
    """Build ``config``'s model, fill it with ``convert(model)`` and write
    the checkpoint to ``out``; returns it.

    Args:
        inputs: The official files read (refused as ``out``).
        convert: Returns tensors under our state-dict keys (it may read the
            model for its sizes and domains).
        method: The model class the config must build (e.g. ``'MUNIT'``).
        meta: More facts for the checkpoint's ``meta`` (e.g. which
            official files were found).

    Raises:
        DataError: ``out`` is refused by
            :func:`~mmi2i.datasets.converters.cli.check_out` (an input, a
            folder, not ``.pth``, exists without ``overwrite``); the
            config builds another method; a converted tensor has no place
            in the model or another shape; a network the conversion fills
            is left partly empty.
    """
    # a folder as OUT used to leave a 10 MB temporary file beside it
    check_out(out, 'pth', overwrite, inputs, flag='OUT')
    model = init_model(Config.fromfile(config))
    if type(model).__name__ != method:
        raise DataError(f'{config} builds {type(model).__name__}, not '
                        f'{method}')
    state = model.state_dict()
    converted = convert(model)
    unexpected = sorted(set(converted) - set(state))
    shapes = [f'{k} {tuple(converted[k].shape)} vs {tuple(state[k].shape)}'
              for k in sorted(set(converted) & set(state))
              if converted[k].shape != state[k].shape]
    filled = sorted({k.split('.', 1)[0] for k in converted})
    missing = sorted(k for k in state if k.split('.', 1)[0] in filled
                     and k not in converted)
    if unexpected or shapes or missing:
        raise DataError(
            f'{", ".join(inputs)} does not fit {config}: unexpected '
            f'{unexpected[:4]}, missing {missing[:4]}, shape mismatch '
            f'{shapes[:4]} (are the network sizes the released ones?)')
    state.update(converted)
    model.load_state_dict(state, strict=True)
    ckpt = dict(
        meta=dict(cfg=model.cfg.pretty_text, official=filled,
                  converted_from=[osp.abspath(p) for p in inputs],
                  **(meta or {})),
        state_dict=model.state_dict())
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    with atomic_path(out) as tmp:  # never a half-written checkpoint
        torch.save(ckpt, tmp)
    kept = sorted({k.split('.', 1)[0] for k in state} - set(filled)
                  - {'data_preprocessor', 'losses'})
    print(f'{out}: {", ".join(filled)} converted from {", ".join(inputs)}' +
          (f'; {", ".join(kept)} keep their initialization (not in the '
           'official files)' if kept else ''))
    return ckpt
