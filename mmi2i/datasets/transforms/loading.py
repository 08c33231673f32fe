"""Loading transforms: image and instance annotations."""
from typing import Optional

import numpy as np
from mmcv.transforms import BaseTransform

from mmi2i.registry import TRANSFORMS
from ..converters.instagan_folders import find_instance_masks
from ..io import (DataError, box_to_mask, masks_to_bboxes, read_image,
                  read_mask, segmentation_to_mask)


@TRANSFORMS.register_module()
class LoadImageFromFile(BaseTransform):
    """Read ``img_path`` as RGB uint8 (grayscale/RGBA/16-bit converted).

    Adds ``img``, ``ori_shape`` and ``img_shape``. The decoded size must
    match the ``height``/``width`` of the annotation file.
    """

    def transform(self, results: dict) -> dict:
        img = read_image(results['img_path'])
        h, w = img.shape[:2]
        exp_h, exp_w = results.get('height', h), results.get('width', w)
        if (h, w) != (exp_h, exp_w):
            turned = ((h, w) == (exp_w, exp_h)
                      and ' (after its EXIF orientation, which is applied '
                      'as image viewers and mmdet do: annotate the image '
                      'as it is shown)' or '')
            raise DataError(
                f'{results["img_path"]} is {h}x{w} (HxW){turned} but '
                f'{results.get("ann_file", "its annotation")} says '
                f'{exp_h}x{exp_w}')
        results['img'] = img
        results['ori_shape'] = (h, w)
        results['img_shape'] = (h, w)
        return results


@TRANSFORMS.register_module()
class LoadInstances(BaseTransform):
    """Decode the instances of ``results['instances']``.

    Adds ``gt_masks`` (N, H, W) bool, ``gt_bboxes`` (N, 4) float32 xyxy and
    ``gt_labels`` (N,) int64. An instance without segmentation (box-only
    data such as INIT's) gets its box filled as mask, so every method sees
    the same fields; boxes are always re-derived from masks after geometric
    transforms.
    """

    def transform(self, results: dict) -> dict:
        h, w = results['img_shape']
        instances = results.get('instances', [])
        masks = np.zeros((len(instances), h, w), dtype=bool)
        bboxes = np.zeros((len(instances), 4), dtype=np.float32)
        labels = np.zeros((len(instances), ), dtype=np.int64)
        source = results.get('ann_file', results.get('img_path', ''))
        for i, inst in enumerate(instances):
            if 'segmentation' in inst:
                masks[i] = segmentation_to_mask(
                    inst['segmentation'], h, w,
                    f'{source} (image {results.get("img_path")})')
            else:
                masks[i] = box_to_mask(inst['bbox'], h, w)
            if 'bbox' in inst:
                x, y, bw, bh = inst['bbox']
                bboxes[i] = (x, y, x + bw, y + bh)
            labels[i] = inst.get('label', 0)
        results['gt_masks'] = masks
        results['gt_bboxes'] = bboxes
        results['gt_labels'] = labels
        return results


@TRANSFORMS.register_module()
class LoadMasksFromFolder(BaseTransform):
    """Load InstaGAN-style masks ``<stem>_<k>.png`` beside the image info.

    Used by ``tools/translate.py --mask-dir`` for images without a JSON.

    Args:
        mask_dir (str): Folder of masks.
        label (int): Label given to every instance. Defaults to 0.
        max_instances (int, optional): Keep the largest ones.
        value (int, optional): Foreground is this pixel value.
        threshold (float, optional): Foreground is > this value
            (anti-aliased masks). Default: masks must be two-valued
            (:func:`~mmi2i.datasets.io.read_mask`).
    """

    def __init__(self, mask_dir: str, label: int = 0,
                 max_instances: Optional[int] = None,
                 value: Optional[int] = None,
                 threshold: Optional[float] = None) -> None:
        self.mask_dir = mask_dir
        self.label = label
        self.max_instances = max_instances
        self.value = value
        self.threshold = threshold

    def transform(self, results: dict) -> dict:
        h, w = results['img_shape']
        paths = find_instance_masks(self.mask_dir, results['img_path'])
        masks = []
        for p in paths:
            m = read_mask(p, self.value, self.threshold)
            if m.shape != (h, w):
                raise DataError(f'Mask {p} is {m.shape[0]}x{m.shape[1]} but '
                                f'image {results["img_path"]} is {h}x{w}')
            masks.append(m)
        masks = np.stack(masks) if masks else np.zeros((0, h, w), bool)
        order = np.argsort(-masks.sum(axis=(1, 2)),
                           kind='stable')
        if self.max_instances is not None:
            order = order[:self.max_instances]
        masks = masks[order]
        results['gt_masks'] = masks
        results['gt_bboxes'] = masks_to_bboxes(masks)
        results['gt_labels'] = np.full((len(masks), ), self.label, np.int64)
        return results
