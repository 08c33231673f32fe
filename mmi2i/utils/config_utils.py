"""Config helpers shared by the tools."""
import os.path as osp

from mmengine.config import Config
from mmengine.logging import print_log


def default_work_dir(config_path: str) -> str:
    """``work_dirs/<method folder>/<config name>`` (configs are named by
    task, so the folder keeps e.g. cyclegan/shapes and instagan/shapes
    apart)."""
    method = osp.basename(osp.dirname(osp.abspath(config_path)))
    name = osp.splitext(osp.basename(config_path))[0]
    return osp.join('work_dirs', method, name)


def load_config(path: str, cfg_options=None, work_dir=None) -> Config:
    """Load a config, apply ``--cfg-options`` and decide the work dir."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'Config file not found: {path}')
    cfg = Config.fromfile(path)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = default_work_dir(path)
    ensure_safe_checkpoints(cfg)
    return cfg


def ensure_safe_checkpoints(cfg: Config) -> None:
    """Make every checkpoint of a run loadable and never half-written,
    whatever the config's ``custom_hooks`` say.

    Adds ``SafeCheckpointHook`` when the config's ``custom_hooks`` lack it
    (a config that overrides the list would otherwise write checkpoints
    that safe loading refuses), and makes ``CheckpointHook`` write through
    the atomic backend (temp file + rename) unless it has its own
    ``backend_args``. Each change is logged.
    """
    hooks = list(cfg.get('custom_hooks') or [])
    if not any(h.get('type') in ('SafeCheckpointHook',
                                 'mmi2i.SafeCheckpointHook') for h in hooks):
        hooks.append(dict(type='SafeCheckpointHook'))
        cfg.custom_hooks = hooks
        print_log('custom_hooks lacks SafeCheckpointHook: added it (mmi2i '
                  'checkpoints must load with weights_only=True)',
                  logger='current')
    ckpt_hook = (cfg.get('default_hooks') or {}).get('checkpoint')
    if ckpt_hook is not None and ckpt_hook.get('backend_args') is None:
        from mmi2i.engine.checkpoint_io import ATOMIC_BACKEND
        ckpt_hook['backend_args'] = dict(backend=ATOMIC_BACKEND)
