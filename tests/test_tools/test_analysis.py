import os.path as osp
import sys

from mmi2i.apis import init_model
from utils import REPO, tiny_model_files

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis'))


def test_lpips_diversity_of_a_deterministic_model(shapes_root, tmp_path):
    from lpips_diversity import main
    cfg_path, ckpt = tiny_model_files('configs/cyclegan/shapes.py',
                                      shapes_root, tmp_path)
    assert init_model(cfg_path, ckpt).training is False
    score = main([cfg_path, ckpt, '--source-domain', 'sheep',
                  '--num-inputs', '2', '--num-pairs', '3',
                  '--random-lpips'])
    assert score == 0.0
