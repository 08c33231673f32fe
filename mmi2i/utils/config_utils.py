"""Config helpers shared by the tools."""
import os.path as osp

from mmengine.config import Config


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
    return cfg
