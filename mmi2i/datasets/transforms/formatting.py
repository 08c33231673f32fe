"""Packing numpy results into tensors and a TranslationDataSample."""
from typing import Optional, Sequence

import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmengine.structures import InstanceData

from mmi2i.registry import TRANSFORMS
from mmi2i.structures import TranslationDataSample
from ..io import stable_area_order
from .geometric import input_region


@TRANSFORMS.register_module()
class PackTranslationInputs(BaseTransform):
    """Pack an image and its instance set.

    Instances are re-sorted by decreasing visible area (stable) and cut to
    ``max_instances``.

    Returns:
        dict: ``inputs`` (3, H, W) uint8 RGB tensor and ``data_samples``.
    """

    META_KEYS = ('img_path', 'ori_shape', 'img_shape', 'flip', 'domain',
                 'domain_idx', 'sample_idx', 'img_id', 'region')

    def __init__(self,
                 max_instances: Optional[int] = None,
                 meta_keys: Sequence[str] = META_KEYS) -> None:
        self.max_instances = max_instances
        self.meta_keys = tuple(meta_keys)

    def transform(self, results: dict) -> dict:
        img = results['img']
        inputs = torch.from_numpy(np.ascontiguousarray(img.transpose(2, 0,
                                                                     1)))
        sample = TranslationDataSample()
        h, w = img.shape[:2]
        masks = results.get('gt_masks', np.zeros((0, h, w), bool))
        order = stable_area_order(
            masks.sum(axis=(1, 2)).tolist())
        if self.max_instances is not None:
            order = order[:self.max_instances]
        gt = InstanceData()
        gt.masks = torch.from_numpy(masks[order].astype(bool))
        boxes = results.get('gt_bboxes', np.zeros((len(masks), 4),
                                                  np.float32))
        labels = results.get('gt_labels', np.zeros((len(masks), ), np.int64))
        gt.bboxes = torch.from_numpy(
            np.asarray(boxes, np.float32).reshape(-1, 4)[order])
        gt.labels = torch.from_numpy(np.asarray(labels, np.int64)[order])
        sample.gt_instances = gt
        if 'background' in results:  # inpainted (LoadInpaintedBackground)
            sample.background = torch.from_numpy(np.ascontiguousarray(
                results['background'].transpose(2, 0, 1)))
        meta = {k: results[k] for k in self.meta_keys if k in results}
        if 'region' in self.meta_keys:
            meta['region'] = tuple(float(v) for v in input_region(results))
        sample.set_metainfo(meta)
        return dict(inputs=inputs, data_samples=sample)

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(max_instances='
                f'{self.max_instances})')
