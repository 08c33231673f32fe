"""MMR / MODS / MVIS with a real mmdet detector."""
from typing import Dict, List, Optional, Sequence

import numpy as np

from mmi2i.registry import METRICS
from ..detector import InstanceSegmenter
from ..functional import match_instances, summarize_matches
from .base import TranslationMetric


def _to_numpy_masks(masks) -> np.ndarray:
    return np.asarray(masks.cpu().numpy() if hasattr(masks, 'cpu') else
                      masks).astype(bool)


@METRICS.register_module()
class DetectionMatchMetric(TranslationMetric):
    """Mean Match Rate, Mean Object Detection Score and Mean Valid IoU
    Score of translated images (see :mod:`mmi2i.evaluation.functional.
    instance_match` and docs/evaluation.md for the definitions).

    The detector runs on each ``pred_img``; generated instances are the
    translation's ``pred_instances.masks`` when the method predicts masks
    (``mask_source='auto'`` or ``'pred'``), else the source instances
    ``gt_instances.masks`` (``'gt'``), which is also what image-level
    methods such as CycleGAN are evaluated with.

    Args:
        det_config (str): mmdet config of an instance-segmentation model.
        det_checkpoint (str): Its checkpoint.
        class_names (dict, optional): Target domain -> detector class name.
            Defaults to the domain name.
        iou_thr (float): Minimum mask IoU of a match. Defaults to 0.5.
        score_thr (float): Minimum detection score. Defaults to 0.3.
        mask_source (str): ``'auto'``, ``'pred'`` or ``'gt'``.
        average (str): ``'instance'`` or ``'image'``.
        device (str): Detector device. Defaults to ``'cpu'``.
    """

    default_prefix = 'det'

    def __init__(self,
                 det_config: str,
                 det_checkpoint: str,
                 class_names: Optional[Dict[str, str]] = None,
                 iou_thr: float = 0.5,
                 score_thr: float = 0.3,
                 mask_source: str = 'auto',
                 average: str = 'instance',
                 device: str = 'cpu',
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if mask_source not in ('auto', 'pred', 'gt'):
            raise ValueError(f"mask_source must be 'auto', 'pred' or 'gt', "
                             f'got {mask_source!r}')
        self.segmenter = InstanceSegmenter(det_config, det_checkpoint,
                                           device)
        self.class_names = dict(class_names or {})
        self.iou_thr = iou_thr
        self.score_thr = score_thr
        self.mask_source = mask_source
        self.average = average

    def _gen_masks(self, sample: dict) -> np.ndarray:
        pred = sample.get('pred_instances')
        if self.mask_source == 'pred' and pred is None:
            raise KeyError('mask_source="pred" but the model predicts no '
                           'instance masks; use "gt"')
        if pred is not None and self.mask_source in ('auto', 'pred'):
            return _to_numpy_masks(pred['masks'])
        return _to_numpy_masks(sample['gt_instances']['masks'])

    def process(self, data_batch: dict, data_samples: Sequence) -> None:
        images = [
            s['pred_img'].permute(1, 2, 0).cpu().numpy()
            for s in data_samples
        ]
        detections = self.segmenter(images)
        for sample, det in zip(data_samples, detections):
            target = sample['target_domain']
            label = self.segmenter.label_of(
                self.class_names.get(target, target))
            records = match_instances(self._gen_masks(sample), det['masks'],
                                      det['scores'], det['labels'], label,
                                      self.iou_thr, self.score_thr)
            self.add_result(
                sample,
                dict(task=f'{sample["domain"]}2{target}', records=records))

    def compute_metrics(self, results: List[dict]) -> dict:
        metrics = {}
        for task in sorted({r['task'] for r in results}):
            per_image = [r['records'] for r in results if r['task'] == task]
            summary = summarize_matches(per_image, self.average)
            for key in ('MMR', 'MODS', 'MVIS'):
                metrics[f'{task}/{key}'] = summary[key]
        return metrics
