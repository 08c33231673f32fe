"""Shape and background statistics of a mask-translating model's
translations (``tools/analysis/instance_stats.py``,
``tools/analysis/compare_methods.py``)."""
import numpy as np
import torch

from mmi2i.datasets import translation_collate
from mmi2i.evaluation.functional import mask_aspect_ratios
from mmi2i.evaluation.metrics.preservation import region_l1
from .inference import build_test_dataset


@torch.no_grad()
def instance_stats(model, source: str, target: str,
                   batch_size: int = 8) -> dict:
    """For the test images of ``source``: the median bounding-box aspect
    ratio (height / width) of the source masks, of the translated masks
    and of the real ``target`` masks, and the mean absolute change of the
    background outside both the source and the translated masks."""
    ds = build_test_dataset(model, [source])
    src_ratios, out_ratios, bg = [], [], []
    for start in range(0, len(ds), batch_size):
        items = [ds[i] for i in range(start, min(start + batch_size,
                                                 len(ds)))]
        data = model.data_preprocessor(translation_collate(items), False)
        preds = model.predict(data['inputs'], data['data_samples'],
                              targets={source: [target]})
        for item, pred in zip(items, preds):
            gt = pred.gt_instances.masks.numpy()
            src_ratios += mask_aspect_ratios(gt)
            fg = pred.gt_instances.masks.any(0) if len(gt) else \
                torch.zeros(pred.pred_img.shape[1:], dtype=torch.bool)
            if 'pred_instances' in pred:
                out = pred.pred_instances.masks
                out_ratios += mask_aspect_ratios(out.numpy())
                if len(out):
                    fg = fg | out.any(0)
            bg.append(region_l1(item['inputs'][source], pred.pred_img, ~fg))
    tgt = build_test_dataset(model, [target])
    tgt_ratios = []
    for i in range(len(tgt)):
        tgt_ratios += mask_aspect_ratios(
            tgt[i]['data_samples'][target].gt_instances.masks.numpy())
    med = lambda v: float(np.median(v)) if v else float('nan')  # noqa
    return dict(task=f'{source}2{target}',
                source_aspect=med(src_ratios),
                translated_aspect=med(out_ratios),
                target_aspect=med(tgt_ratios),
                translated_masks=len(out_ratios),
                l1_bg_outside_both=float(np.nanmean(bg)))
