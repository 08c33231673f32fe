"""Every config loads, composes complete bases and builds its model."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.registry import DefaultScope
from utils import REPO

from mmi2i.registry import MODELS

CONFIGS = sorted(
    p for p in glob.glob(osp.join(REPO, 'configs', '*', '*.py'))
    if '_base_' not in p)


def test_every_method_folder_has_a_readme():
    for folder in glob.glob(osp.join(REPO, 'configs', '*')):
        if osp.basename(folder) != '_base_':
            assert osp.isfile(osp.join(folder, 'README.md')), folder


@pytest.mark.parametrize('path', CONFIGS,
                         ids=[osp.relpath(p, REPO) for p in CONFIGS])
def test_config_builds(path):
    cfg = Config.fromfile(path)
    assert cfg.default_scope == 'mmi2i'
    for key in ('model', 'train_dataloader', 'train_cfg', 'optim_wrapper',
                'param_scheduler', 'test_dataloader', 'test_evaluator'):
        assert key in cfg, key
    with DefaultScope.overwrite_default_scope('mmi2i'):
        model = MODELS.build(cfg.model)
    names = [d['name'] for d in cfg.train_dataloader.dataset.domains]
    assert tuple(names) == model.domains
