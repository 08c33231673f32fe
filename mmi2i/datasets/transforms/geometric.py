"""Joint geometric transforms of image, masks and boxes.

Every transform keeps ``gt_masks`` aligned with ``img``, re-derives
``gt_bboxes`` from the masks and drops instances whose visible area falls
below ``min_area`` pixels.
"""
from typing import Sequence, Tuple, Union

import cv2
import numpy as np
from mmcv.transforms import BaseTransform

from mmi2i.registry import TRANSFORMS
from ..io import masks_to_bboxes


def _pair(size: Union[int, Sequence[int]]) -> Tuple[int, int]:
    if isinstance(size, int):
        return size, size
    if len(size) != 2:
        raise ValueError(f'expected an int or (w, h), got {size}')
    return int(size[0]), int(size[1])


def update_instances(results: dict, masks: np.ndarray,
                     min_area: int = 1) -> None:
    """Store new masks, recompute boxes and drop instances lost."""
    keep = masks.sum(axis=(1, 2)) >= min_area
    results['gt_masks'] = masks[keep]
    results['gt_bboxes'] = masks_to_bboxes(results['gt_masks'])
    if 'gt_labels' in results:
        results['gt_labels'] = results['gt_labels'][keep]


def img_fields(results: dict) -> Tuple[str, ...]:
    """Keys of the images transformed together: ``img`` plus any listed in
    ``results['img_fields']`` (e.g. an inpainted ``background``)."""
    return ('img', ) + tuple(k for k in results.get('img_fields', ())
                             if k != 'img')


def input_region(results: dict) -> Tuple[float, float, float, float]:
    """The region (x1, y1, x2, y2), in original image pixels, that the
    current image covers (the whole image until something crops)."""
    if 'region' in results:
        return results['region']
    h, w = results.get('ori_shape', results['img'].shape[:2])
    return (0.0, 0.0, float(w), float(h))


def _resize_masks(masks: np.ndarray, w: int, h: int) -> np.ndarray:
    out = np.zeros((len(masks), h, w), dtype=bool)
    for i, m in enumerate(masks):
        out[i] = cv2.resize(
            m.astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST) > 0
    return out


@TRANSFORMS.register_module()
class Resize(BaseTransform):
    """Resize image (bicubic/bilinear) and masks (nearest).

    Args:
        scale (int | tuple[int, int]): Target (w, h). With ``keep_ratio``
            an int is the length of the shorter side.
        keep_ratio (bool): Keep the aspect ratio. Defaults to False.
        interpolation (str): ``'bicubic'``, ``'bilinear'`` or ``'area'``.
        min_area (int): Drop instances smaller than this after resizing.
        size_divisor (int): Round the kept-ratio size to a multiple of
            this (e.g. 4 for generators that down-sample twice, whose
            output would otherwise be smaller than their input: 307 ->
            304). Defaults to 1.
    """
    _INTERP = dict(
        bicubic=cv2.INTER_CUBIC, bilinear=cv2.INTER_LINEAR,
        area=cv2.INTER_AREA, nearest=cv2.INTER_NEAREST)

    def __init__(self,
                 scale: Union[int, Sequence[int]],
                 keep_ratio: bool = False,
                 interpolation: str = 'bicubic',
                 min_area: int = 1,
                 size_divisor: int = 1) -> None:
        if size_divisor < 1:
            raise ValueError(f'size_divisor must be >= 1, got {size_divisor}')
        if interpolation not in self._INTERP:
            raise ValueError(f'interpolation must be one of '
                             f'{sorted(self._INTERP)}, got {interpolation}')
        self.scale = scale
        self.keep_ratio = keep_ratio
        self.interpolation = interpolation
        self.min_area = min_area
        self.size_divisor = size_divisor

    def _target(self, h: int, w: int) -> Tuple[int, int]:
        if self.keep_ratio:
            short = self.scale if isinstance(self.scale, int) else min(
                self.scale)
            ratio = short / min(h, w)
            k = self.size_divisor
            return (max(k, round(w * ratio / k) * k),
                    max(k, round(h * ratio / k) * k))
        return _pair(self.scale)

    def transform(self, results: dict) -> dict:
        h, w = results['img'].shape[:2]
        new_w, new_h = self._target(h, w)
        for key in img_fields(results):
            results[key] = cv2.resize(
                results[key], (new_w, new_h),
                interpolation=self._INTERP[self.interpolation])
        if 'gt_masks' in results:
            update_instances(results,
                             _resize_masks(results['gt_masks'], new_w, new_h),
                             self.min_area)
        results['img_shape'] = (new_h, new_w)
        results['scale_factor'] = (new_w / w, new_h / h)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(scale={self.scale}, '
                f'keep_ratio={self.keep_ratio})')


@TRANSFORMS.register_module()
class ResizeAndCenterCrop(BaseTransform):
    """Aspect-preserving resize so the image covers ``size``, then a centre
    crop to exactly ``size`` (w, h): shapes are never distorted.

    InstaGAN's data preparation (torchvision ``Resize(256)`` +
    ``CenterCrop(256)`` for COCO, 450x300 (h x w) for MHP) done as a
    transform, so converters keep the raw images.

    Args:
        size (int | tuple[int, int]): Output (w, h); an int is a square.
        interpolation (str): See :class:`Resize`. Defaults to
            ``'bilinear'`` (torchvision's default, used by InstaGAN).
        min_area (int): Drop instances smaller than this afterwards.
    """

    def __init__(self, size: Union[int, Sequence[int]],
                 interpolation: str = 'bilinear',
                 min_area: int = 1) -> None:
        self.size = _pair(size)
        self.interpolation = interpolation
        self.min_area = min_area
        self._crop = CenterCrop(self.size, min_area)

    def transform(self, results: dict) -> dict:
        h, w = results['img'].shape[:2]
        cw, ch = self.size
        ratio = max(cw / w, ch / h)
        new_w = max(cw, int(round(w * ratio)))
        new_h = max(ch, int(round(h * ratio)))
        results = Resize((new_w, new_h), False, self.interpolation,
                         self.min_area).transform(results)
        return self._crop.transform(results)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(size={self.size})'


class _BaseCrop(BaseTransform):

    def __init__(self, crop_size: Union[int, Sequence[int]],
                 min_area: int = 1) -> None:
        self.crop_size = _pair(crop_size)
        self.min_area = min_area

    def _offset(self, h: int, w: int, ch: int, cw: int) -> Tuple[int, int]:
        raise NotImplementedError

    def transform(self, results: dict) -> dict:
        img = results['img']
        h, w = img.shape[:2]
        cw, ch = self.crop_size
        if ch > h or cw > w:
            raise ValueError(
                f'{self.__class__.__name__}: crop {cw}x{ch} (w x h) is larger '
                f'than image {w}x{h} of {results.get("img_path")}; resize '
                'first')
        y0, x0 = self._offset(h, w, ch, cw)
        rx1, ry1, rx2, ry2 = input_region(results)
        sx, sy = (rx2 - rx1) / w, (ry2 - ry1) / h
        results['region'] = (rx1 + x0 * sx, ry1 + y0 * sy,
                             rx1 + (x0 + cw) * sx, ry1 + (y0 + ch) * sy)
        for key in img_fields(results):
            results[key] = np.ascontiguousarray(
                results[key][y0:y0 + ch, x0:x0 + cw])
        if 'gt_masks' in results:
            update_instances(
                results,
                np.ascontiguousarray(
                    results['gt_masks'][:, y0:y0 + ch, x0:x0 + cw]),
                self.min_area)
        results['img_shape'] = (ch, cw)
        results['crop_offset'] = (x0, y0)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(crop_size={self.crop_size})'


@TRANSFORMS.register_module()
class RandomCrop(_BaseCrop):
    """Random crop of ``crop_size`` (w, h); instances cropped away dropped.
    """

    def _offset(self, h, w, ch, cw):
        return (int(np.random.randint(h - ch + 1)),
                int(np.random.randint(w - cw + 1)))


@TRANSFORMS.register_module()
class CenterCrop(_BaseCrop):
    """Center crop of ``crop_size`` (w, h)."""

    def _offset(self, h, w, ch, cw):
        return (h - ch) // 2, (w - cw) // 2


@TRANSFORMS.register_module()
class RandomFlip(BaseTransform):
    """Horizontal flip with probability ``prob`` (image, masks, boxes)."""

    def __init__(self, prob: float = 0.5) -> None:
        if not 0 <= prob <= 1:
            raise ValueError(f'prob must be in [0, 1], got {prob}')
        self.prob = prob

    def transform(self, results: dict) -> dict:
        flip = bool(np.random.rand() < self.prob)
        results['flip'] = flip
        if flip:
            for key in img_fields(results):
                results[key] = np.ascontiguousarray(results[key][:, ::-1])
            if 'gt_masks' in results:
                update_instances(
                    results,
                    np.ascontiguousarray(results['gt_masks'][:, :, ::-1]), 0)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(prob={self.prob})'
