"""Image-quality and diversity scores as small functions.

The networks (Inception, AlexNet-LPIPS, ...) are passed in, so the same
code runs with the standard pretrained networks and, in tests, with small
networks built locally.
"""
from typing import Callable, Optional

import numpy as np
import torch
from pytorch_fid.fid_score import calculate_frechet_distance
from torch import Tensor

from mmi2i.structures import union_mask


def frechet_distance(feats1: np.ndarray, feats2: np.ndarray) -> float:
    """FID between two feature sets (N, D), via pytorch-fid."""
    if len(feats1) < 2 or len(feats2) < 2:
        raise ValueError('FID needs at least 2 samples per set')
    mu1, mu2 = feats1.mean(0), feats2.mean(0)
    s1 = np.atleast_2d(np.cov(feats1, rowvar=False))
    s2 = np.atleast_2d(np.cov(feats2, rowvar=False))
    return float(calculate_frechet_distance(mu1, s1, mu2, s2))


def _kl_rows(p: np.ndarray, q: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    return (p * (np.log(p + eps) - np.log(q + eps))).sum(-1)


def inception_score(probs: np.ndarray, splits: int = 1) -> float:
    """IS = exp(E_x KL(p(y|x) || p(y))), averaged over ``splits`` chunks.

    Args:
        probs (np.ndarray): (N, C) class probabilities of the outputs.
    """
    scores = []
    for chunk in np.array_split(probs, splits):
        marginal = chunk.mean(0, keepdims=True)
        scores.append(np.exp(_kl_rows(chunk, marginal).mean()))
    return float(np.mean(scores))


def conditional_inception_score(probs: np.ndarray) -> float:
    """CIS (MUNIT): IS within the outputs of each input, averaged.

    ``CIS = E_x exp(E_{y~x} KL(p(c|y) || p(c|x)))`` with ``p(c|x)`` the mean
    prediction over the K outputs of input x.

    Args:
        probs (np.ndarray): (N_inputs, K, C) probabilities.
    """
    marginal = probs.mean(1, keepdims=True)
    return float(np.exp(_kl_rows(probs, marginal).mean(1)).mean())


@torch.no_grad()
def lpips_diversity(distance: Callable[[Tensor, Tensor], Tensor],
                    outputs: Tensor,
                    num_pairs: int = 19) -> float:
    """Mean LPIPS distance between pairs of outputs of one input.

    Args:
        distance: e.g. an ``lpips.LPIPS`` module; takes two (B, 3, H, W)
            batches in [-1, 1] and returns per-pair distances.
        outputs (Tensor): (K, 3, H, W) outputs of one input with random
            styles, K >= num_pairs + 1; consecutive outputs form the pairs.
        num_pairs (int): Pairs averaged (19 in MUNIT/INIT).
    """
    if len(outputs) < num_pairs + 1:
        raise ValueError(f'need {num_pairs + 1} outputs for {num_pairs} '
                         f'pairs, got {len(outputs)}')
    a, b = outputs[:num_pairs], outputs[1:num_pairs + 1]
    return float(distance(a, b).mean())


def softmax_probs(logits: Tensor) -> np.ndarray:
    return torch.softmax(logits.float(), dim=1).cpu().numpy()


def masked(images: Tensor, masks: Optional[Tensor]) -> Tensor:
    """Zero the pixels outside the union of ``masks`` (InstaGAN's masked
    classification score). images (B, 3, H, W); masks (B, N, H, W)."""
    if masks is None:
        return images
    return images * union_mask(masks.to(images.dtype))
