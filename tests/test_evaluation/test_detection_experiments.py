"""The detection experiments run end to end on tiny data (mechanics only:
a few iterations, so no accuracy is asserted here; docs/evaluation.md has
the toy numbers)."""
import os.path as osp

import pytest

from utils import REPO

CFG = """
_base_ = '{repo}/configs/detectors/mask_rcnn_tiny_shapes.py'
data_root = '{root}/'
train_dataloader = dict(batch_size=2, dataset=dict(
    data_root=data_root, ann_file='annotations/{train}.json',
    data_prefix=dict(img='images/{train}/')))
img_scale = (32, 32)
"""


@pytest.mark.slow
def test_augmentation_grid_and_domain_adaptive_eval(shapes_multi_root,
                                                    tmp_path, capsys):
    import sys
    sys.path.insert(0, osp.join(REPO, 'tools', 'detection'))
    from augmentation_grid import main as grid
    from domain_adaptive_eval import main as da_eval
    cfgs = []
    root = shapes_multi_root
    for name, train in (('real', 'snow_train'), ('synth', 'grass_train')):
        path = tmp_path / f'{name}.py'
        path.write_text(CFG.format(repo=REPO, root=root,
                                   train=train))
        cfgs.append(str(path))
    evals = []
    for name, dom in (('real', 'snow_test'), ('synthetic', 'grass_test')):
        evals += ['--eval', name, f'{root}/annotations/{dom}.json',
                  f'{root}/images/{dom}/']
    rows = grid(['--configs', *cfgs, '--work-dir', str(tmp_path / 'grid'),
                 '--max-iters', '3', *evals])
    assert set(rows) == {'real', 'synth'}
    for metrics in rows.values():
        for key in ('real/coco/bbox_mAP', 'synthetic/coco/segm_mAP'):
            assert 0.0 <= metrics[key] <= 1.0
    out = capsys.readouterr().out
    assert '| train on | real bbox mAP | real segm mAP |' in out
    assert (tmp_path / 'grid' / 'table.md').is_file()

    ckpt = str(tmp_path / 'grid' / 'real' / 'iter_3.pth')
    res = da_eval(['--det-config', cfgs[0], '--det-checkpoint', ckpt,
                   '--work-dir', str(tmp_path / 'da'), *evals[:4]])
    assert 'coco/bbox_mAP' in res['real']
    assert 0 <= res['real']['coco/giraffe_precision'] <= 1
    assert '| eval set | sheep | giraffe | mAP |' in capsys.readouterr().out


def test_eval_set_must_hold_every_class(shapes_root, tmp_path):
    from mmi2i.evaluation.detection_experiments import (coco_eval_set,
                                                        evaluate_detector)
    ev = coco_eval_set(f'{shapes_root}/annotations/giraffe_test.json',
                       f'{shapes_root}/images/giraffe_test/')
    with pytest.raises(ValueError, match=r"lacks the detector's categories "
                       r"\['sheep'\]"):
        evaluate_detector(
            f'{REPO}/configs/detectors/mask_rcnn_tiny_shapes.py', 'x.pth',
            ev, str(tmp_path))
    with pytest.raises(FileNotFoundError, match='nope.json'):
        coco_eval_set('nope.json', shapes_root)


def test_detector_checkpoint_may_be_its_work_dir(tmp_path):
    """The eval configs name the toy detector's work dir: its newest
    loadable checkpoint is used (whatever iteration training ended at); a
    folder without one is a clear error."""
    import torch
    from mmengine.registry import DefaultScope

    from mmi2i.apis import read_config
    from mmi2i.evaluation import InstanceSegmenter
    cfg_path = f'{REPO}/configs/detectors/mask_rcnn_tiny_shapes.py'
    work = tmp_path / 'det'
    work.mkdir()
    with pytest.raises(FileNotFoundError, match='holds no checkpoint'):
        InstanceSegmenter(cfg_path, str(work))
    with DefaultScope.overwrite_default_scope('mmdet'):
        from mmdet.registry import MODELS
        model = MODELS.build(read_config(cfg_path).model)
    state = model.state_dict()
    torch.save(dict(state_dict=state, meta=dict(
        dataset_meta=dict(classes=('sheep', 'giraffe')))),
        work / 'iter_7.pth')
    (work / 'iter_9.pth').write_bytes(b'truncated')  # skipped
    seg = InstanceSegmenter(cfg_path, str(work))
    key = next(iter(state))
    assert torch.equal(seg.model.state_dict()[key], state[key])
    assert seg.classes == ('sheep', 'giraffe')
    # a translation model's checkpoint (issue #31, 9b: mmdet loaded it
    # non-strictly and ran a random detector)
    torch.save(dict(state_dict={'generator_ab.conv.weight': torch.zeros(1)},
                    meta=dict(cfg="model = dict(type='CycleGAN')")),
               tmp_path / 'cyclegan.pth')
    with pytest.raises(ValueError, match=r'holds 0 of the \d+ weights of '
                       r'MaskRCNN \(it is a CycleGAN checkpoint\)'):
        InstanceSegmenter(cfg_path, str(tmp_path / 'cyclegan.pth'))
    # a truncated one: named, before mmdet reads it (issue #31, 9c)
    data = (work / 'iter_7.pth').read_bytes()
    (tmp_path / 'cut.pth').write_bytes(data[:len(data) // 2])
    from mmi2i.engine import CheckpointError
    with pytest.raises(CheckpointError, match='cut.pth is truncated'):
        InstanceSegmenter(cfg_path, str(tmp_path / 'cut.pth'))
