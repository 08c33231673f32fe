"""Checkpoints that load under ``torch.load(weights_only=True)``.

MMEngine 0.10.7 stores the message hub's ``HistoryBuffer`` objects (which
hold numpy arrays) in checkpoints; torch >= 2.6 refuses to unpickle them
with its default safe loader, so resuming fails. This hook rewrites those
entries into plain dicts/lists before saving and rebuilds the buffers
after loading, so nothing needs allowlisting and safe loading stays on.
It also stores the global torch RNG state (a plain uint8 tensor) and
restores it on resume, so stochastic model code (e.g. a gradient
penalty's interpolation) continues exactly as in an uninterrupted run.
"""
from typing import Any

import numpy as np
import torch
from mmengine.hooks import Hook
from mmengine.logging import HistoryBuffer

from mmi2i.registry import HOOKS
from ..checkpoint_io import unwrap_keys

_BUFFER_TAG = '__history_buffer__'


def to_plain(obj: Any) -> Any:
    """Recursively turn HistoryBuffers and numpy values into plain types."""
    if isinstance(obj, HistoryBuffer):
        logs, counts = obj.data
        return {
            _BUFFER_TAG: True,
            'log_history': [float(v) for v in logs],
            'count_history': [int(v) for v in counts],
            'max_length': int(obj.max_length)
        }
    if isinstance(obj, dict):
        return type(obj)((k, to_plain(v)) for k, v in obj.items())
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_plain(v) for v in obj)
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    return obj


def from_plain(obj: Any) -> Any:
    """Inverse of :func:`to_plain` for HistoryBuffers."""
    if isinstance(obj, dict):
        if obj.get(_BUFFER_TAG):
            return HistoryBuffer(obj['log_history'], obj['count_history'],
                                 obj['max_length'])
        return type(obj)((k, from_plain(v)) for k, v in obj.items())
    if isinstance(obj, list):
        return [from_plain(v) for v in obj]
    return obj


@HOOKS.register_module()
class SafeCheckpointHook(Hook):
    """Keep checkpoints loadable with ``weights_only=True`` and by every
    tool: the weights are saved under the unwrapped model's names (a run
    of ``tools/dist_train.sh`` wraps each network in its own DDP, whose
    ``module.`` would otherwise stay in the keys), and checkpoints saved
    wrapped load too.

    Args:
        save_rng_state (bool): Save and restore the global torch RNG state.
            Defaults to True.
    """

    priority = 'VERY_LOW'  # run after hooks that add entries

    def __init__(self, save_rng_state: bool = True) -> None:
        self.save_rng_state = save_rng_state

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        # the weights as the unwrapped model names them, whether it was
        # trained on one process or each network in its own DDP, so that
        # every tool loads them either way
        checkpoint['state_dict'] = unwrap_keys(checkpoint['state_dict'])
        for key in list(checkpoint):
            if key not in ('state_dict', 'optimizer'):
                checkpoint[key] = to_plain(checkpoint[key])
        if self.save_rng_state:
            checkpoint['rng_state'] = dict(torch=torch.get_rng_state())
            if torch.cuda.is_available() and torch.cuda.is_initialized():
                checkpoint['rng_state']['cuda'] = torch.cuda.get_rng_state()

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        if 'state_dict' in checkpoint:  # also checkpoints saved wrapped
            checkpoint['state_dict'] = unwrap_keys(checkpoint['state_dict'])
        if 'message_hub' in checkpoint:
            checkpoint['message_hub'] = from_plain(checkpoint['message_hub'])
        rng = checkpoint.get('rng_state')
        if self.save_rng_state and rng is not None and runner._resume:
            torch.set_rng_state(rng['torch'])
            if 'cuda' in rng and torch.cuda.is_available():
                torch.cuda.set_rng_state(rng['cuda'])
