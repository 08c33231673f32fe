"""A plugin outside the package registers a loss and a generator, and a
config file uses them through custom_imports (as in
docs/tutorials/custom_plugins.md)."""
import os.path as osp
import sys

import torch
from mmengine.runner import Runner

from utils import REPO, tiny_cfg

PLUGIN_DIR = osp.join(REPO, 'tests', 'data', 'plugins')

USER_CONFIG = """
_base_ = '{repo}/configs/cyclegan/shapes.py'
custom_imports = dict(imports=['mmi2i_example_plugin'],
                      allow_failed_imports=False)
model = dict(
    generator=dict(_delete_=True, type='TinyConvGenerator', width=4),
    loss_overrides=dict(
        cycle=dict(type='ScaledL1Loss', loss_weight=10.0, scale=3.0)))
"""


def test_plugin_via_custom_imports(shapes_root, tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(PLUGIN_DIR)
    sys.modules.pop('mmi2i_example_plugin', None)
    cfg_file = tmp_path / 'my_config.py'
    cfg_file.write_text(USER_CONFIG.format(repo=REPO))
    cfg = tiny_cfg(str(cfg_file), shapes_root, str(tmp_path / 'work'),
                   max_iters=2)
    cfg.model.generator = dict(type='TinyConvGenerator', width=4)
    runner = Runner.from_cfg(cfg)
    runner.train()
    model = runner.model
    assert type(model.generator_ab).__name__ == 'TinyConvGenerator'
    assert type(model.losses['cycle']).__name__ == 'ScaledL1Loss'
    # the plugin loss is really the one computing the cycle term
    x = torch.zeros(1, 3, 4, 4)
    assert model.losses['cycle'](x + 1, x).item() == 30.0
    assert (tmp_path / 'work' / 'iter_2.pth').is_file()
