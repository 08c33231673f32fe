"""Matching generated instances to detections: MMR, MODS and MVIS.

Definitions (MGD-GAN, Su et al. 2021, Sec. 3.3; the paper's appendix with
exact thresholds is not available, so these are mmi2i's, documented in
docs/evaluation.md):

* Detections are kept when their label is the target category and their
  score is at least ``score_thr``.
* Generated instance masks and kept detections are matched one-to-one
  among pairs with IoU >= ``iou_thr``: the assignment with the most
  matches, ties broken by the largest total IoU (Hungarian algorithm).
* Each generated instance yields a record ``(matched, score, iou)``;
  unmatched instances (including empty generated masks) give
  ``(False, 0, 0)``.
* MMR = mean of ``matched``, MODS = mean of ``score``, MVIS = mean of
  ``iou``, all x 100, averaged over instances of the dataset
  (``average='instance'``) or per image first (``average='image'``, images
  without instances are skipped).
"""
from typing import Dict, List, Sequence, Tuple

import numpy as np
from scipy.optimize import linear_sum_assignment

Record = Tuple[bool, float, float]


def mask_iou_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU between every mask of ``a`` (N, H, W) and ``b`` (M, H, W)."""
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)))
    fa = a.reshape(len(a), -1).astype(np.float64)
    fb = b.reshape(len(b), -1).astype(np.float64)
    inter = fa @ fb.T
    union = fa.sum(1)[:, None] + fb.sum(1)[None, :] - inter
    return np.where(union > 0, inter / np.maximum(union, 1e-12), 0.0)


def match_instances(gen_masks: np.ndarray,
                    det_masks: np.ndarray,
                    det_scores: Sequence[float],
                    det_labels: Sequence[int],
                    target_label: int,
                    iou_thr: float = 0.5,
                    score_thr: float = 0.3) -> List[Record]:
    """Match one image's generated instances to its detections.

    Args:
        gen_masks (np.ndarray): (N, H, W) bool generated instance masks.
        det_masks (np.ndarray): (M, H, W) bool detected masks.
        det_scores, det_labels: (M,) scores and labels of the detections.
        target_label (int): The detector's label of the target category.
        iou_thr (float): Minimum IoU of a match. Defaults to 0.5.
        score_thr (float): Minimum detection score. Defaults to 0.3.

    Returns:
        list[tuple]: ``(matched, score, iou)`` per generated instance.
    """
    det_scores = np.asarray(det_scores, dtype=np.float64)
    det_labels = np.asarray(det_labels)
    keep = (det_labels == target_label) & (det_scores >= score_thr)
    det_masks, det_scores = det_masks[keep], det_scores[keep]
    records: List[Record] = [(False, 0.0, 0.0)] * len(gen_masks)
    iou = mask_iou_matrix(gen_masks, det_masks)
    if iou.size == 0:
        return records
    valid = iou >= iou_thr
    # weight 1 + IoU per valid pair: most matches first, then total IoU
    rows, cols = linear_sum_assignment(np.where(valid, 1.0 + iou, 0.0),
                                       maximize=True)
    for r, c in zip(rows, cols):
        if valid[r, c]:
            records[r] = (True, float(det_scores[c]), float(iou[r, c]))
    return records


def summarize_matches(per_image: Sequence[Sequence[Record]],
                      average: str = 'instance') -> Dict[str, float]:
    """MMR, MODS and MVIS (percent) from per-image match records."""
    if average not in ('instance', 'image'):
        raise ValueError(f"average must be 'instance' or 'image', got "
                         f'{average!r}')
    if average == 'instance':
        flat = [r for recs in per_image for r in recs]
        arr = np.array(flat, dtype=np.float64).reshape(-1, 3)
    else:
        arr = np.array([
            np.array(recs, dtype=np.float64).mean(0) for recs in per_image
            if len(recs)
        ]).reshape(-1, 3)
    if len(arr) == 0:
        return dict(MMR=float('nan'), MODS=float('nan'), MVIS=float('nan'),
                    num_instances=0)
    mean = arr.mean(0) * 100
    return dict(MMR=float(mean[0]), MODS=float(mean[1]),
                MVIS=float(mean[2]),
                num_instances=int(sum(len(r) for r in per_image)))
