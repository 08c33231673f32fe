"""Paper configs carry their paper's evaluators and numbers; tools/test.py
prints the paper's row next to the measured one (issue #28, items 1, 3)."""
import glob
import os.path as osp

import pytest

from mmi2i.apis import read_config
from mmi2i.apis.paper import paper_row
from utils import REPO, load_tool, tiny_model_files

COCO_PAIRS = ['instagan/sheep2giraffe', 'instagan/zebra2elephant',
              'instagan/bottle2cup', 'mgd_gan/sheep2giraffe',
              'mgd_gan/elephant2zebra', 'mgd_gan/bottle2cup']


def test_paper_row_formats_measured_against_the_paper():
    text = paper_row({'det/a2b/MMR': 40.0},
                     dict(source='Table 1', metrics={
                         '_delete_': True, 'det/a2b/MMR': 47.7,
                         'det/b2a/MMR': 65.0}))
    lines = text.splitlines()
    assert lines[0] == 'Table 1: measured here against the paper'
    assert lines[2].split() == ['det/a2b/MMR', '40.0', '47.7', '-7.7']
    assert 'not measured' in lines[3]
    assert paper_row({}, None) == ''
    # shown to the paper's precision (IS to three decimals)
    text = paper_row({'is/a2b/IS': 1.2}, dict(metrics={'is/a2b/IS': 1.118}))
    assert text.splitlines()[2].split() == ['is/a2b/IS', '1.200', '1.118',
                                            '+0.082']


@pytest.mark.parametrize('name', COCO_PAIRS)
def test_coco_pair_paper_configs_measure_the_paper_columns(name, tmp_path):
    cfg = read_config(f'{REPO}/configs/{name}.py')
    types = [m['type'] for m in cfg.test_evaluator]
    instagan = name.startswith('instagan')
    assert types == ['PreservationMetric', 'DetectionMatchMetric'] + (
        ['ClassificationScoreMetric'] if instagan else [])
    det = cfg.test_evaluator[1]
    assert det['det_config'] == 'configs/detectors/mask_rcnn_r50_fpn_coco.py'
    keys = list(cfg.paper_results.metrics)
    det_keys = [k for k in keys if k.startswith('det/')]
    assert len(det_keys) == 6
    a, b = cfg.domains
    assert {k.split('/')[1] for k in keys} == {f'{a}2{b}', f'{b}2{a}'}
    if instagan:  # InstaGAN's own masked classification score (Table 2)
        cls = cfg.test_evaluator[2]
        assert cls['checkpoint'] == cfg.domain_classifier
        assert f'{a}2{b}' in cfg.domain_classifier or \
            f'{b}2{a}' in cfg.domain_classifier
        assert len(keys) == 6 + 2 * (name != 'instagan/zebra2elephant')
        # it builds (a random classifier of the pair's domains here)
        import torch

        from mmi2i.evaluation.networks import TinyClassifier
        from mmi2i.registry import METRICS
        ckpt = str(tmp_path / 'cls.pth')
        torch.save(dict(state_dict=TinyClassifier(2).state_dict(),
                        meta=dict(network=dict(type='TinyClassifier'),
                                  classes=list(cfg.domains), masked=True)),
                   ckpt)
        METRICS.build(dict(cls, checkpoint=ckpt))


def test_every_paper_config_states_its_evaluator_or_is_toy():
    """What `grep -L evaluator` must list: toy and official-weight configs
    only (the others set or inherit their paper's test_evaluator)."""
    for method in ('instagan', 'mgd_gan', 'init', 'cgl', 'mguit'):
        for path in glob.glob(f'{REPO}/configs/{method}/*.py'):
            name = osp.basename(path)
            if 'shapes' in name or 'official' in name:
                continue
            assert 'evaluator' in open(path).read(), path
            cfg = read_config(path)
            assert cfg.test_evaluator, path


def test_coco_detector_builds_and_its_weights_are_named_offline(tmp_path):
    """The COCO Mask R-CNN inherits mmdet's own config (mmdet::) and
    builds with random weights; offline, its checkpoint file is named with
    its URL and folder."""
    import torch
    from mmengine.config import Config
    from mmengine.registry import DefaultScope

    from mmi2i.evaluation import InstanceSegmenter
    cfg = Config.fromfile(f'{REPO}/configs/detectors/'
                          'mask_rcnn_r50_fpn_coco.py')
    with DefaultScope.overwrite_default_scope('mmdet'):
        from mmdet.registry import MODELS
        model = MODELS.build(cfg.model)
    ckpt = str(tmp_path / 'random.pth')
    torch.save(dict(state_dict=model.state_dict(),
                    meta=dict(dataset_meta=dict(
                        classes=('sheep', 'giraffe')))), ckpt)
    seg = InstanceSegmenter(f'{REPO}/configs/detectors/'
                            'mask_rcnn_r50_fpn_coco.py', ckpt)
    assert len(seg.classes) == 2
    with pytest.raises(FileNotFoundError,
                       match='mask_rcnn_r50_fpn_1x_coco_20200205-d4b0c5d6'
                       r'.pth, the Mask R-CNN .*download https://download'
                       r'.openmmlab.com/.* into '):
        InstanceSegmenter(f'{REPO}/configs/detectors/'
                          'mask_rcnn_r50_fpn_coco.py',
                          'mask_rcnn_r50_fpn_1x_coco_20200205-d4b0c5d6.pth')


def test_test_tool_prints_the_paper_row(shapes_root, tmp_path, capsys):
    cfg, ckpt = tiny_model_files('configs/cyclegan/shapes.py', shapes_root,
                                 tmp_path)
    derived = tmp_path / 'paper.py'
    derived.write_text(
        f"_base_ = {cfg!r}\n"
        "paper_results = dict(source='A table', metrics={\n"
        "    'preservation/sheep2giraffe/l1_bg': 0.5,\n"
        "    'det/sheep2giraffe/MMR': 47.7})\n")
    metrics = load_tool('tools/test.py').main(
        [str(derived), ckpt, '--work-dir', str(tmp_path / 'w')])
    out = capsys.readouterr().out
    assert 'A table: measured here against the paper' in out
    here = metrics['preservation/sheep2giraffe/l1_bg']
    assert f'{here:8.1f}' in out and 'not measured' in out
