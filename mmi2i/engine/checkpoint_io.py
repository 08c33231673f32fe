"""Reading and writing checkpoints without losing or misreading them.

* :class:`AtomicLocalBackend` (``backend_args=dict(backend='mmi2i_atomic')``
  of ``CheckpointHook``) writes each checkpoint to a temporary file and
  renames it, so a crash while saving never leaves a truncated file.
* :func:`read_checkpoint` loads with ``weights_only=True`` and turns
  torch's internal errors into one sentence naming the file.
* :func:`check_state_dict` explains a checkpoint that does not fit the
  model (which method it holds, missing/unexpected key prefixes).
* :func:`find_resumable` picks the newest checkpoint of a work dir that
  loads, for ``tools/train.py --resume``.
"""
import glob
import os
import os.path as osp
import pickle
import re
import zipfile
from collections import Counter, OrderedDict
from typing import Iterable, List, Optional

import torch
import torch.nn as nn
from mmengine.config import Config
from mmengine.fileio import LocalBackend, register_backend
from mmengine.logging import print_log

from mmi2i.utils import atomic_path

ATOMIC_BACKEND = 'mmi2i_atomic'


class CheckpointError(RuntimeError):
    """A checkpoint that cannot be used; the message names the file."""


@register_backend(ATOMIC_BACKEND, force=True)
class AtomicLocalBackend(LocalBackend):
    """Local storage whose ``put`` is atomic: temp file, fsync, rename."""

    def put(self, obj: bytes, filepath) -> None:
        filepath = str(filepath)
        os.makedirs(osp.dirname(osp.abspath(filepath)), exist_ok=True)
        tmp = f'{filepath}.tmp-{os.getpid()}'
        try:
            with open(tmp, 'wb') as f:
                f.write(obj)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, filepath)
        finally:
            if osp.exists(tmp):
                os.remove(tmp)


def _first_line(e: BaseException, limit: int = 200) -> str:
    text = str(e).strip().splitlines()
    text = text[0] if text else ''
    return text[:limit] + ('...' if len(text) > limit else '')


def read_checkpoint(path: str, map_location='cpu') -> dict:
    """Load a checkpoint safely (``weights_only=True``) with clear errors.

    Raises:
        FileNotFoundError: no such file.
        CheckpointError: empty, truncated or corrupt files; files holding
            objects safe loading refuses; anything that is not a dict.
    """
    if not osp.isfile(path):
        raise FileNotFoundError(f'Checkpoint not found: {path}')
    size = osp.getsize(path)
    broken = f'checkpoint {path} is truncated or corrupt ({size} bytes)'
    if size == 0:
        raise CheckpointError(f'{broken}: the file is empty')
    try:
        ckpt = torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as e:
        raise CheckpointError(
            f'checkpoint {path} holds objects that safe loading '
            '(weights_only=True) refuses; it was probably saved without '
            f"mmi2i's SafeCheckpointHook ({_first_line(e)})") from e
    except (RuntimeError, EOFError, zipfile.BadZipFile, OSError,
            ValueError, KeyError, IndexError) as e:
        raise CheckpointError(
            f'{broken}: {type(e).__name__}: {_first_line(e)}') from e
    if not isinstance(ckpt, dict):
        raise CheckpointError(f'checkpoint {path} holds a '
                              f'{type(ckpt).__name__}, not a dict of states')
    return ckpt


def unwrap_keys(state_dict: dict) -> dict:
    """A state dict's keys without the model wrappers' ``module.``: a
    leading one (DataParallel around the whole model) and one after a
    network's name (``generator_ab.module.x``: each network in its own DDP,
    as ``MMSeparateDistributedDataParallel`` trains them). Order kept."""
    out = OrderedDict()
    for k, v in state_dict.items():
        out[re.sub(r'^([^.]+)\.module\.', r'\1.',
                   re.sub(r'^module\.', '', k))] = v
    if hasattr(state_dict, '_metadata'):
        out._metadata = state_dict._metadata
    return out


def state_dict_of(ckpt: dict) -> dict:
    """The model weights of a checkpoint (``state_dict`` or the dict
    itself), without wrapper prefixes (:func:`unwrap_keys`)."""
    return unwrap_keys(ckpt.get('state_dict', ckpt))


def checkpoint_method(ckpt: dict) -> Optional[str]:
    """The model type recorded in a checkpoint's meta config, if any."""
    cfg_text = (ckpt.get('meta') or {}).get('cfg')
    if not isinstance(cfg_text, str):
        return None
    try:
        return Config.fromstring(cfg_text, '.py').model.type
    except Exception:  # noqa: BLE001 - best effort on foreign configs
        m = re.search(r"model\s*=\s*dict\(\s*type='([^']+)'", cfg_text)
        return m.group(1) if m else None


def key_prefixes(keys: Iterable[str], depth: int = 2,
                 limit: int = 6) -> str:
    """``'generator_ab.mask_encoder (120 keys), ...'`` for error messages."""
    counts = Counter('.'.join(k.split('.')[:depth]) for k in keys)
    items = [f'{p} ({n} key{"s" if n > 1 else ""})'
             for p, n in sorted(counts.items())]
    more = len(items) - limit
    return ', '.join(items[:limit]) + (f' and {more} more' if more > 0
                                       else '')


def check_state_dict(model: nn.Module, ckpt: dict, path: str) -> dict:
    """Check that a checkpoint's weights fit ``model`` exactly.

    Returns:
        dict: the state dict to load (prefix-normalized).

    Raises:
        CheckpointError: naming the method the checkpoint holds and the
            missing/unexpected key prefixes, or mismatched shapes.
    """
    sd = state_dict_of(ckpt)
    own = unwrap_keys(model.state_dict())  # a model being tested on N ranks
    missing = sorted(set(own) - set(sd))
    unexpected = sorted(k for k in set(sd) - set(own)
                        if not _dynamic_buffer(model, k))
    ours = type(model).__name__
    if missing or unexpected:
        method = checkpoint_method(ckpt)
        held = (f'it holds a {method} model, ' if method and method != ours
                else '')
        parts = []
        if missing:
            parts.append(f'missing {len(missing)} keys: '
                         f'{key_prefixes(missing)}')
        if unexpected:
            parts.append(f'unexpected {len(unexpected)} keys: '
                         f'{key_prefixes(unexpected)}')
        raise CheckpointError(
            f'checkpoint {path} does not fit the {ours} model of this '
            f'config: {held}{"; ".join(parts)}')
    shapes = [f'{k} {tuple(sd[k].shape)} vs {tuple(v.shape)}'
              for k, v in own.items()
              if hasattr(sd[k], 'shape') and sd[k].shape != v.shape]
    if shapes:
        raise CheckpointError(
            f'checkpoint {path} does not fit the {ours} model of this '
            f'config (different network sizes?): {len(shapes)} tensors '
            f'differ in shape, e.g. {"; ".join(shapes[:3])}')
    return sd


def _dynamic_buffer(model: nn.Module, key: str) -> bool:
    """Whether ``key`` is a buffer its module creates on demand (declared
    by a ``dynamic_buffer_prefix`` attribute, e.g. image pools)."""
    owner, _, name = key.rpartition('.')
    top, _, rest = owner.partition('.')
    module = None
    for path in (owner, f'{top}.module.{rest}'.rstrip('.')):  # or in DDP
        try:
            module = model.get_submodule(path)
            break
        except AttributeError:
            continue
    if module is None:
        return False
    prefix = getattr(module, 'dynamic_buffer_prefix', None)
    return bool(prefix) and name.startswith(prefix)


def load_model_weights(model: nn.Module, path: str) -> dict:
    """Read ``path`` safely, check it fits ``model`` and load it strictly.

    Returns:
        dict: the checkpoint.
    """
    ckpt = read_checkpoint(path)
    model.load_state_dict(check_state_dict(model, ckpt, path), strict=True)
    return ckpt


def _candidates(work_dir: str) -> List[str]:
    """Checkpoints of a work dir, newest first (``last_checkpoint`` first
    when it names one)."""
    found = []
    pointer = osp.join(work_dir, 'last_checkpoint')
    if osp.isfile(pointer):
        with open(pointer) as f:
            last = f.read().strip()
        if last:
            found.append(last if osp.isabs(last) else osp.join(work_dir,
                                                               last))
    numbered = []
    for p in glob.glob(osp.join(glob.escape(work_dir), '*.pth')):
        m = re.fullmatch(r'(?:iter|epoch)_(\d+)\.pth', osp.basename(p))
        if m:
            numbered.append((int(m.group(1)), p))
    found += [p for _, p in sorted(numbered, reverse=True)]
    return list(dict.fromkeys(osp.normpath(p) for p in found))


def find_resumable(work_dir: str) -> Optional[str]:
    """The newest checkpoint of ``work_dir`` that loads; each newer one
    that does not is skipped with a warning naming it and why."""
    for path in _candidates(work_dir):
        try:
            read_checkpoint(path)
        except (CheckpointError, FileNotFoundError) as e:
            print_log(f'--resume: skipping {path}: {e}', logger='current',
                      level=30)
            continue
        return path
    return None


#: The file in a work dir that names the run its checkpoints belong to.
RUN_MARKER = 'mmi2i_run.json'


def claim_work_dir(work_dir: str, config: str, model_type: str,
                   reuse: bool = False) -> None:
    """Make ``work_dir`` this run's: refuse a folder that holds the
    checkpoints of another config's run (a second training would overwrite
    its ``iter_N.pth``, and ``--resume`` would follow ``last_checkpoint``
    into the other method's file), unless ``reuse``; then record this
    run's config and model type in ``mmi2i_run.json``.

    Raises:
        SystemExit: naming the other run and the ways out.
    """
    import json
    marker = osp.join(work_dir, RUN_MARKER)
    mine = dict(config=osp.realpath(config), model=model_type)
    if osp.isfile(marker) and not reuse:
        try:
            with open(marker) as f:
                theirs = json.load(f)
        except (OSError, ValueError):
            theirs = {}
        if _candidates(work_dir) and theirs.get('config') != mine['config']:
            raise SystemExit(
                f'error: --work-dir {work_dir} holds the checkpoints of '
                f'another run ({theirs.get("config", "?")}, '
                f'{theirs.get("model", "?")}); choose another --work-dir, '
                'or pass --reuse-work-dir to train there anyway')
    os.makedirs(work_dir, exist_ok=True)
    with atomic_path(marker) as tmp, open(tmp, 'w') as f:
        json.dump(mine, f)
