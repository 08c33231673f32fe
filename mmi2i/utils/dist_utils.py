"""Launch helpers: CPU multi-process training with gloo."""
import os

import torch
import torch.distributed as dist
from mmengine.config import Config


def prepare_launcher(cfg: Config, launcher: str) -> None:
    """Make ``launcher='pytorch'`` work on machines without a GPU.

    MMEngine's pytorch launcher calls ``torch.cuda.set_device`` and gives
    DDP ``device_ids=[LOCAL_RANK]``, both of which fail on CPU. When no GPU
    is present this initializes the process group with gloo itself (the
    Runner then keeps it), switches ``env_cfg.dist_cfg.backend`` to gloo and
    sets ``device_ids=None`` in ``model_wrapper_cfg``. On GPU machines it
    changes nothing.
    """
    if launcher == 'none' or torch.cuda.is_available():
        return
    if launcher != 'pytorch':
        raise RuntimeError(f'launcher={launcher!r} needs GPUs; on CPU use '
                           "'pytorch' (tools/dist_train.sh) or 'none'")
    for key in ('RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT'):
        if key not in os.environ:
            raise RuntimeError(f'--launcher pytorch expects {key} in the '
                               'environment; start with torchrun or '
                               'tools/dist_train.sh')
    if not dist.is_initialized():
        dist.init_process_group(backend='gloo')
    cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})
    cfg.env_cfg.dist_cfg['backend'] = 'gloo'
    wrapper = cfg.get('model_wrapper_cfg') or dict(
        type='MMSeparateDistributedDataParallel')
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper


def close_launcher(launcher: str) -> None:
    """End a launched run's process group once every rank is done (a
    tool's last step). Left to interpreter exit, the group's threads can
    be torn down mid-flight, and a rank that finished its work aborts
    ("terminate called without an active exception"). Runs without a
    launcher are left alone."""
    if launcher != 'none' and dist.is_available() and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


def enable_amp(cfg: Config) -> None:
    """Switch every optimizer group to ``AmpOptimWrapper`` (GPU only)."""
    if not torch.cuda.is_available():
        raise RuntimeError('--amp needs a CUDA GPU; none is available, '
                           'train without --amp on CPU')
    optim = cfg.optim_wrapper
    groups = [k for k, v in optim.items() if isinstance(v, dict)
              and 'optimizer' in v] if 'optimizer' not in optim else None
    targets = [optim] if groups is None else [optim[g] for g in groups]
    for t in targets:
        t['type'] = 'AmpOptimWrapper'
        t.setdefault('loss_scale', 'dynamic')


def all_reduce_mean(value: torch.Tensor) -> torch.Tensor:
    """The mean of ``value`` over DDP ranks (a copy; ``value`` itself
    outside distributed training). Every rank must call it."""
    if not (dist.is_available() and dist.is_initialized()) or \
            dist.get_world_size() == 1:
        return value
    out = value.detach().clone()
    dist.all_reduce(out)
    return out / dist.get_world_size()
