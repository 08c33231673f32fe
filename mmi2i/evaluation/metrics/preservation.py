"""How much a translation changes instance and background pixels."""
from typing import Dict, List, Sequence

import numpy as np
import torch

from mmi2i.registry import METRICS
from .base import TranslationMetric


def region_l1(src: torch.Tensor, out: torch.Tensor,
              region: torch.Tensor) -> float:
    """Mean absolute difference (0-1 scale) of uint8 (3, H, W) images over
    the pixels where ``region`` (H, W) is True; NaN for an empty region."""
    if not bool(region.any()):
        return float('nan')
    diff = (src.float() - out.float()).abs().mean(0) / 255.0
    return float(diff[region].mean())


def pred_masks(sample: dict):
    """Predicted instance masks of a sample dict, or None."""
    pred = sample.get('pred_instances')
    if pred is None:
        return None
    return torch.as_tensor(pred['masks']).bool()


@METRICS.register_module()
class PreservationMetric(TranslationMetric):
    """Mean L1 change inside the source instances (``l1_fg``) and on the
    background outside them (``l1_bg``), per ``<source>2<target>``; for
    methods that translate masks also outside both the source and the
    translated masks (``l1_bg_both``, the region InstaGAN's context loss
    preserves).

    A background-preserving instance-level method keeps ``l1_bg`` low while
    changing instances. Images without instances count for ``l1_bg`` only.
    """

    default_prefix = 'preservation'

    def process(self, data_batch: dict, data_samples: Sequence) -> None:
        lookup: Dict[tuple, torch.Tensor] = {}
        for domain, imgs in data_batch['inputs'].items():
            for img, s in zip(imgs, data_batch['data_samples'][domain]):
                lookup[(domain, s.metainfo.get('sample_idx'))] = img
        for pred in data_samples:  # the Evaluator passes them as dicts
            meta = pred
            src = lookup[(meta['domain'], meta.get('sample_idx'))]
            out = pred['pred_img']
            masks = pred['gt_instances']['masks']
            fg = masks.any(0) if len(masks) else torch.zeros(
                src.shape[1:], dtype=torch.bool)
            row = dict(
                task=f'{meta["domain"]}2{meta["target_domain"]}',
                l1_fg=region_l1(src, out, fg),
                l1_bg=region_l1(src, out, ~fg))
            pred = pred_masks(pred)
            if pred is not None:
                both = fg | (pred.any(0) if len(pred) else torch.zeros_like(
                    fg))
                row['l1_bg_both'] = region_l1(src, out, ~both)
            self.add_result(meta, row)

    def compute_metrics(self, results: List[dict]) -> dict:
        metrics = {}
        for task in sorted({r['task'] for r in results}):
            rows = [r for r in results if r['task'] == task]
            for key in ('l1_fg', 'l1_bg', 'l1_bg_both'):
                vals = [r[key] for r in rows
                        if key in r and not np.isnan(r[key])]
                if vals or key != 'l1_bg_both':
                    metrics[f'{task}/{key}'] = float(
                        np.mean(vals)) if vals else float('nan')
        return metrics
