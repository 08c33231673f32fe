"""Data preprocessor: normalize images, pad instance sets."""
from typing import Dict, List, Sequence

import torch
from mmengine.model import BaseDataPreprocessor
from torch import Tensor

from mmi2i.registry import MODELS


def pad_instance_masks(samples: Sequence, height: int,
                       width: int) -> (Tensor, Tensor):
    """Pad per-sample mask sets to the largest N of the batch.

    Returns:
        tuple: ``masks`` (B, N, H, W) float in {0, 1} and ``valid`` (B, N)
        bool; padded slots are zero and invalid. Sets are never merged
        across samples.
    """
    counts = [len(s.gt_instances) if 'gt_instances' in s else 0
              for s in samples]
    n_max = max(counts, default=0)
    masks = torch.zeros(len(samples), n_max, height, width)
    valid = torch.zeros(len(samples), n_max, dtype=torch.bool)
    for i, (s, n) in enumerate(zip(samples, counts)):
        if n:
            masks[i, :n] = s.gt_instances.masks.float()
            valid[i, :n] = True
    return masks, valid


def pad_instance_boxes(samples: Sequence, num: int) -> Tensor:
    """Boxes (x1, y1, x2, y2, pixels) of each sample's instances, aligned
    with :func:`pad_instance_masks`: (B, num, 4), padded slots zero."""
    boxes = torch.zeros(len(samples), num, 4)
    for i, s in enumerate(samples):
        if 'gt_instances' in s and 'bboxes' in s.gt_instances:
            b = s.gt_instances.bboxes.float().reshape(-1, 4)[:num]
            boxes[i, :len(b)] = b
    return boxes


def pad_instance_labels(samples: Sequence, num: int) -> Tensor:
    """Class labels of each sample's instances (indices into the
    dataset's ``classes``), aligned with :func:`pad_instance_masks`:
    (B, num) long, -1 for padded slots and instances without a label."""
    labels = torch.full((len(samples), num), -1, dtype=torch.long)
    for i, s in enumerate(samples):
        if 'gt_instances' in s and 'labels' in s.gt_instances:
            lab = s.gt_instances.labels.long().reshape(-1)[:num]
            labels[i, :len(lab)] = lab
    return labels


@MODELS.register_module()
class TranslationDataPreprocessor(BaseDataPreprocessor):
    """Turn a collated per-domain batch into model inputs.

    Input: ``dict(inputs={domain: [uint8 (3, H, W)]}, data_samples={domain:
    [TranslationDataSample]})`` from ``translation_collate``.

    Output: ``inputs[key]`` (a domain name, or a slot ``source`` /
    ``reference`` of the N-domain sampling modes) is a dict with ``img``
    (B, 3, H, W) in [-1, 1], ``masks`` (B, N, H, W) in {0, 1}, ``boxes``
    (B, N, 4) (x1, y1, x2, y2 in pixels), ``labels`` (B, N) class indices
    (-1 padded), ``valid`` (B, N) bool, ``domain`` (B,) the index of each
    image's domain in the dataset's ``domains`` (N-domain methods take
    their labels from it; -1 when unknown) and, when the pipeline made
    one, the inpainted ``background`` in [-1, 1];
    ``data_samples`` keeps the per-domain lists.

    Args:
        mean (float): Subtracted from uint8 values. Defaults to 127.5.
        std (float): Divisor. Defaults to 127.5, giving [-1, 1].
        dtype (str): Floating type of the images, masks, boxes and
            backgrounds: ``'float32'`` (default) or ``'float64'`` (with a
            model in float64, e.g. ``tools/analysis/benchmark.py --dtype
            float64`` to compare computations without float32 rounding).
    """

    def __init__(self,
                 mean: float = 127.5,
                 std: float = 127.5,
                 dtype: str = 'float32') -> None:
        super().__init__()
        if dtype not in ('float32', 'float64'):
            raise ValueError("dtype must be 'float32' or 'float64', got "
                             f'{dtype!r}')
        self.mean = mean
        self.std = std
        self.dtype = getattr(torch, dtype)

    def forward(self, data: dict, training: bool = False) -> dict:
        data = self.cast_data(data)
        out: Dict[str, dict] = {}
        for domain, imgs in data['inputs'].items():
            samples: List = data['data_samples'][domain]
            shapes = {tuple(i.shape) for i in imgs}
            if len(shapes) > 1:
                paths = [s.metainfo.get('img_path') for s in samples]
                raise ValueError(
                    f'Images of domain "{domain}" in one batch differ in '
                    f'size {sorted(shapes)}: {paths}. Resize or crop them '
                    'to one size in the pipeline.')
            img = torch.stack(imgs).to(self.dtype)
            img = (img - self.mean) / self.std
            masks, valid = pad_instance_masks(samples, img.shape[-2],
                                              img.shape[-1])
            boxes = pad_instance_boxes(samples, masks.shape[1])
            labels = pad_instance_labels(samples, masks.shape[1])
            out[domain] = dict(
                img=img, masks=masks.to(img.device, self.dtype),
                boxes=boxes.to(img.device, self.dtype),
                labels=labels.to(img.device),
                valid=valid.to(img.device),
                domain=torch.tensor(
                    [s.metainfo.get('domain_idx', -1) for s in samples],
                    dtype=torch.long, device=img.device))
            if samples and all('background' in s for s in samples):
                bg = torch.stack([s.background
                                  for s in samples]).to(self.dtype)
                out[domain]['background'] = (bg.to(img.device) -
                                             self.mean) / self.std
        return dict(inputs=out, data_samples=data['data_samples'])

    def destruct(self, img: Tensor) -> Tensor:
        """Inverse of the normalization: [-1, 1] float to uint8."""
        img = img.detach() * self.std + self.mean
        return img.round().clamp(0, 255).to(torch.uint8)
