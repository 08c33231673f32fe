"""Detector training/evaluation runs for the detection experiments
(INIT's Mask R-CNN augmentation grid, MGUIT's domain-adaptive detection).

Everything runs MMEngine's Runner on mmdet configs inside mmdet's scope;
mmi2i's default scope is restored afterwards.
"""
import copy
import os.path as osp
from typing import Dict, Optional, Sequence, Union

from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.runner import Runner

from mmi2i.datasets.io import load_json


def _load(cfg: Union[str, Config]) -> Config:
    return Config.fromfile(cfg) if isinstance(cfg, str) else copy.deepcopy(
        cfg)


def coco_eval_set(ann_file: str, img_prefix: str) -> dict:
    """An evaluation set: a COCO JSON and the folder its file names are
    relative to."""
    for kind, path, check in (('annotation file', ann_file, osp.isfile),
                              ('image folder', img_prefix, osp.isdir)):
        if not check(path):
            raise FileNotFoundError(f'Evaluation {kind} not found: {path}')
    return dict(ann_file=ann_file, img_prefix=img_prefix)


def train_detector(cfg: Union[str, Config], work_dir: str,
                   max_iters: Optional[int] = None) -> str:
    """Train an mmdet config; return the final checkpoint path.

    Validation is switched off: the experiments evaluate the checkpoint on
    their own evaluation sets afterwards.
    """
    cfg = _load(cfg)
    cfg.work_dir = work_dir
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    if max_iters is not None:
        cfg.train_cfg.max_iters = max_iters
        for s in cfg.param_scheduler:
            if s.get('type') == 'MultiStepLR':
                s['milestones'] = [int(max_iters * 0.75)]
            if s.get('end', 0) > max_iters:
                s['end'] = max(1, max_iters // 10)
        cfg.default_hooks.checkpoint.interval = max_iters
    with DefaultScope.overwrite_default_scope('mmdet'):
        runner = Runner.from_cfg(cfg)
        runner.train()
    return osp.join(work_dir, f'iter_{cfg.train_cfg.max_iters}.pth')


def evaluate_detector(cfg: Union[str, Config],
                      checkpoint: str,
                      eval_set: dict,
                      work_dir: str,
                      classwise: bool = False,
                      metrics: Sequence[str] = ('bbox', 'segm')
                      ) -> Dict[str, float]:
    """COCO metrics of a detector on one evaluation set.

    With ``classwise`` mmdet reports ``coco/<class>_precision`` (AP of the
    last metric in ``metrics``); pass a single metric then.
    """
    cfg = _load(cfg)
    cfg.work_dir = work_dir
    cfg.load_from = checkpoint
    ds = cfg.test_dataloader.dataset
    classes = list(ds.get('metainfo', {}).get('classes', []))
    names = [c['name'] for c in load_json(eval_set['ann_file'])['categories']]
    missing = [c for c in classes if c not in names]
    if missing:
        raise ValueError(
            f'{eval_set["ann_file"]} lacks the detector\'s categories '
            f'{missing} (it has {names}); mmdet\'s COCO metric needs them '
            'all: merge domains with '
            'tools/dataset_converters/merge_domains.py')
    ds.data_root = ''
    ds.ann_file = eval_set['ann_file']
    ds.data_prefix = dict(img=eval_set['img_prefix'])
    ds.pop('filter_cfg', None)
    cfg.test_evaluator = dict(
        type='CocoMetric', ann_file=eval_set['ann_file'],
        metric=list(metrics), classwise=classwise,
        format_only=False)
    with DefaultScope.overwrite_default_scope('mmdet'):
        runner = Runner.from_cfg(cfg)
        return runner.test()


def format_table(rows: Dict[str, Dict[str, float]], columns) -> str:
    """A markdown table: one row per train setting."""
    lines = ['| train on | ' + ' | '.join(c for c, _ in columns) + ' |',
             '| --- |' + ' --- |' * len(columns)]
    for name, metrics in rows.items():
        cells = []
        for _, key in columns:
            v = metrics.get(key)
            cells.append('n/a' if v is None else f'{100 * v:.1f}')
        lines.append(f'| {name} | ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)
