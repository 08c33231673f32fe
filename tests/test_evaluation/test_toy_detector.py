"""End to end on the toy data with a real (small) Mask R-CNN trained here:
ground-truth target images score high on MMR/MODS/MVIS, untranslated
source images score zero for the target class, through the analysis tool
and through the registered metric."""
import os.path as osp
import sys

import pytest

from utils import REPO

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis'))


@pytest.fixture(scope='module')
def toy_detector(tmp_path_factory):
    from mmi2i.datasets.converters import generate_shapes, merge_domains
    from mmi2i.evaluation.detection_experiments import train_detector
    root = str(tmp_path_factory.mktemp('det_shapes'))
    generate_shapes(root, 'pair', dict(train=80, test=10), size=64, seed=1)
    for split in ('train', 'test'):
        merge_domains(root, ['sheep', 'giraffe'], split,
                      osp.join(root, 'annotations', f'det_{split}.json'))
    cfg_path = osp.join(root, 'det_cfg.py')
    with open(cfg_path, 'w') as f:
        f.write(f"_base_ = '{REPO}/configs/detectors/"
                "mask_rcnn_tiny_shapes.py'\n"
                f"data_root = '{root}/'\n"
                "train_dataloader = dict(dataset=dict(data_root=data_root))\n"
                "val_dataloader = dict(dataset=dict(data_root=data_root))\n"
                "test_dataloader = val_dataloader\n")
    # 150 iterations: 68 s on the 2-core machine when idle (250 took over
    # 900 s on a busy one, issue #31); ground truth then scores MMR 83 /
    # MODS 60 / MVIS 66, untranslated sources 0
    ckpt = train_detector(cfg_path, osp.join(root, 'work'), max_iters=150)
    return root, cfg_path, ckpt


@pytest.mark.slow
def test_gt_high_source_zero(toy_detector):
    from detector_metrics import main
    root, cfg, ckpt = toy_detector
    common = ['--det-config', cfg, '--det-checkpoint', ckpt, '--root', root,
              '--split', 'test']
    gt = main(common + ['--domain', 'giraffe', '--target-class', 'giraffe'])
    src = main(common + ['--domain', 'sheep', '--target-class', 'giraffe'])
    assert gt['MMR'] > 60 and gt['MODS'] > 50 and gt['MVIS'] > 50
    assert src['MMR'] < 5 and src['MODS'] < 5 and src['MVIS'] < 5


@pytest.mark.slow
def test_detection_match_metric(toy_detector):
    from mmi2i.datasets import UnpairedInstanceDataset
    from mmi2i.evaluation import DetectionMatchMetric
    root, cfg, ckpt = toy_detector
    metric = DetectionMatchMetric(cfg, ckpt, mask_source='gt')
    ds = UnpairedInstanceDataset(
        [dict(name=d, ann_file=f'annotations/{d}_test.json',
              img_dir=f'images/{d}_test') for d in ('sheep', 'giraffe')],
        data_root=root, test_mode=True,
        pipeline=[dict(type='LoadImageFromFile'),
                  dict(type='LoadInstances'),
                  dict(type='PackTranslationInputs')])
    samples = []
    for i in range(len(ds)):
        (domain, img), = ds[i]['inputs'].items()
        s = ds[i]['data_samples'][domain]
        s.pred_img = img  # "translation" = the untouched image
        s.set_metainfo(dict(target_domain='giraffe'))
        samples.append(s.to_dict())
    metric.process({}, samples)
    res = metric.compute_metrics(metric.rows())
    assert res['giraffe2giraffe/MMR'] > 60
    assert res['sheep2giraffe/MMR'] < 5


@pytest.mark.slow
def test_translate_with_detector_masks(toy_detector, tmp_path):
    import os
    import subprocess

    from utils import tiny_model_files
    root, det_cfg, det_ckpt = toy_detector
    cfg, ckpt = tiny_model_files('configs/instagan/shapes.py', root,
                                 tmp_path)
    img_dir = osp.join(root, 'images', 'sheep_test')
    out = tmp_path / 'out'
    proc = subprocess.run(
        [sys.executable, 'tools/translate.py', cfg, ckpt, '--input', img_dir,
         '--det-config', det_cfg, '--det-checkpoint', det_ckpt,
         '--det-classes', 'sheep', '--out', str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    files = os.listdir(out)
    assert len([f for f in files if '_mask' not in f]) == 10
    # the detector found sheep, and InstaGAN translated their masks
    assert any('_mask0' in f for f in files)
