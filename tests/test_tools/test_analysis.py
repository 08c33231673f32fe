import os.path as osp
import sys

import torch
from mmengine.registry import DefaultScope

from mmi2i.apis import init_model
from mmi2i.registry import MODELS
from utils import REPO, tiny_cfg

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis'))


def test_lpips_diversity_of_a_deterministic_model(shapes_root, tmp_path):
    from lpips_diversity import main
    cfg = tiny_cfg('configs/cyclegan/shapes.py', shapes_root,
                   str(tmp_path / 'work'))
    cfg_path = str(tmp_path / 'cfg.py')
    cfg.dump(cfg_path)
    with DefaultScope.overwrite_default_scope('mmi2i'):
        model = MODELS.build(cfg.model)
    model.init_weights()
    ckpt = str(tmp_path / 'm.pth')
    torch.save(dict(state_dict=model.state_dict()), ckpt)
    assert init_model(cfg_path, ckpt).training is False
    score = main([cfg_path, ckpt, '--source-domain', 'sheep',
                  '--num-inputs', '2', '--num-pairs', '3',
                  '--random-lpips'])
    assert score == 0.0
