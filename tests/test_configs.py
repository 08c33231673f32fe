"""Every config loads, composes complete bases and builds its model."""
import glob
import os.path as osp

import pytest
from mmengine.registry import DefaultScope

from mmi2i.apis import read_config
from mmi2i.registry import MODELS
from utils import REPO

CONFIGS = sorted(
    p for p in glob.glob(osp.join(REPO, 'configs', '*', '*.py'))
    if '_base_' not in p and '/detectors/' not in p)
DET_CONFIGS = sorted(
    glob.glob(osp.join(REPO, 'configs', 'detectors', '**', '*.py'),
              recursive=True))


def test_every_method_folder_has_a_readme():
    for folder in glob.glob(osp.join(REPO, 'configs', '*')):
        if osp.basename(folder) != '_base_':
            assert osp.isfile(osp.join(folder, 'README.md')), folder


@pytest.mark.parametrize('path', CONFIGS,
                         ids=[osp.relpath(p, REPO) for p in CONFIGS])
def test_config_builds(path):
    cfg = read_config(path)
    assert cfg.default_scope == 'mmi2i'
    for key in ('model', 'train_dataloader', 'train_cfg', 'optim_wrapper',
                'param_scheduler', 'test_dataloader', 'test_evaluator'):
        assert key in cfg, key
    with DefaultScope.overwrite_default_scope('mmi2i'):
        # builds without any pretrained file: networks that only a
        # training loss uses (VGG-19) load their weights at the first step
        model = MODELS.build(cfg.model)
    names = [d if isinstance(d, str) else d['name']
             for d in cfg.train_dataloader.dataset.domains]
    assert tuple(names) == model.domains
    from mmi2i.registry import TRANSFORMS
    for key in ('train_dataloader', 'test_dataloader'):
        for t in cfg[key].dataset.pipeline:  # every transform builds
            TRANSFORMS.build(t)


@pytest.mark.parametrize('path', DET_CONFIGS,
                         ids=[osp.relpath(p, REPO) for p in DET_CONFIGS])
def test_detector_config_builds_in_mmdet_scope(path):
    from mmdet.registry import MODELS as DET_MODELS
    cfg = read_config(path)
    assert cfg.default_scope == 'mmdet'
    with DefaultScope.overwrite_default_scope('mmdet'):
        model = DET_MODELS.build(cfg.model)
    # the toy detectors: sheep and giraffe; mmdet's COCO recipes: its 80;
    # MGUIT Table 3's: KITTI / Cityscapes' four
    classes = 80 if path.endswith('_coco.py') or '/init_table5/' in path \
        else 4 if '/mguit_table3/' in path else 2
    assert model.roi_head.bbox_head.num_classes == classes
    # building mmdet never changes mmi2i's default scope for good
    current = DefaultScope.get_current_instance()
    assert current is None or current.scope_name != 'mmdet'
