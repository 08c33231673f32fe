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


def test_instance_stats_of_a_mask_translating_model(shapes_root, tmp_path):
    from instance_stats import main
    cfg_path, ckpt = tiny_model_files('configs/instagan/shapes.py',
                                      shapes_root, tmp_path)
    res = main([cfg_path, ckpt, '--source-domain', 'sheep'])
    assert res['task'] == 'sheep2giraffe'
    assert res['source_aspect'] < 1.0 < res['target_aspect']
    assert res['translated_masks'] > 0
    assert 0 <= res['l1_bg_outside_both'] <= 1
