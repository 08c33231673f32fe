"""MGUIT's class-aware key-value memory (Jeong et al., CVPR 2021, §3.2).

Items ``(k_n, v_n^x, v_n^y)``: a key shared by the domains (content) and
one value per domain (style), ``N_k`` items per class (background
included). Pure functions implement the equations on (P, C) query
features and (N, C) items; :class:`ClassAwareMemory` holds the items as
buffers (saved in checkpoints, broadcast across DDP ranks) and routes
queries class by class.
"""
from typing import Dict, Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor


def cosine_similarity(c: Tensor, k: Tensor) -> Tensor:
    """d(c_p, k_n) of eq. 3 for every pair: (P, C), (N, C) -> (P, N)."""
    return F.normalize(c, dim=1) @ F.normalize(k, dim=1).t()


def read_weights(c: Tensor, keys: Tensor) -> Tensor:
    """alpha (eq. 2): softmax of eq. 3 over the items (each row sums to
    1)."""
    return torch.softmax(cosine_similarity(c, keys), dim=1)


def read_memory(c: Tensor, keys: Tensor, values: Tensor) -> Tensor:
    """Eq. 4: the style read for each query, sum_n alpha_{p,n} v_n. Pass
    the *other* domain's values to translate (s^y_hat from alpha^x)."""
    return read_weights(c, keys) @ values


def update_weights(c: Tensor, keys: Tensor) -> Tensor:
    """beta (eq. 5): softmax of eq. 3 over the queries (each column sums to
    1)."""
    return torch.softmax(cosine_similarity(c, keys), dim=0)


def update_memory(keys: Tensor, values_x: Tensor, values_y: Tensor,
                  c_x: Tensor, s_x: Tensor, c_y: Tensor,
                  s_y: Tensor) -> tuple:
    """Eq. 6: keys take the beta-weighted contents of both domains, each
    domain's values its own styles; every item is then L2-normalized.

    Returns:
        tuple: new (keys, values_x, values_y).
    """
    b_x, b_y = update_weights(c_x, keys), update_weights(c_y, keys)
    keys = F.normalize(keys + b_x.t() @ c_x + b_y.t() @ c_y, dim=1)
    values_x = F.normalize(values_x + b_x.t() @ s_x, dim=1)
    values_y = F.normalize(values_y + b_y.t() @ s_y, dim=1)
    return keys, values_x, values_y


def feature_contrastive(q: Tensor, items: Tensor, tau: float) -> Tensor:
    """Eq. 8: -sum_p log softmax_n(q_p . m_n / tau) at the nearest item
    p+ (nearest by eq. 3). Queries and items are L2-normalized first (the
    paper leaves it open; without it the dot products are unbounded)."""
    q, items = F.normalize(q, dim=1), F.normalize(items, dim=1)
    logits = q @ items.t() / tau
    nearest = logits.argmax(dim=1)
    return F.cross_entropy(logits, nearest, reduction='sum')


class ClassAwareMemory(nn.Module):
    """N = sum_k N_k items of ``channels`` dims; keys shared, values per
    domain, all buffers (model state, not parameters).

    Args:
        items_per_class (Sequence[int]): N_k per class id (e.g. INIT: car 5,
            person 3, traffic sign 2, background 10).
        channels (int): C (256 in the paper).
        domains (Sequence[str]): The two domain names.
    """

    def __init__(self, items_per_class: Sequence[int], channels: int,
                 domains: Sequence[str]) -> None:
        super().__init__()
        if not items_per_class or min(items_per_class) < 1:
            raise ValueError(f'every class needs >= 1 item, got '
                             f'{list(items_per_class)}')
        self.items_per_class = list(items_per_class)
        self.domains = list(domains)
        n = sum(items_per_class)
        self.register_buffer('keys', F.normalize(torch.randn(n, channels),
                                                 dim=1))
        for d in self.domains:
            self.register_buffer(f'values_{d}',
                                 F.normalize(torch.randn(n, channels), dim=1))
        starts = [0]
        for k in self.items_per_class:
            starts.append(starts[-1] + k)
        self._slices = [slice(a, b) for a, b in zip(starts, starts[1:])]

    def values(self, domain: str) -> Tensor:
        return getattr(self, f'values_{domain}')

    def items_of(self, class_id: Optional[int]) -> slice:
        """The items of a class; None: all items (test time)."""
        if class_id is None:
            return slice(None)
        if not 0 <= class_id < len(self._slices):
            raise IndexError(f'class id {class_id} has no memory items; '
                             f'items_per_class has {len(self._slices)} '
                             'classes (background included)')
        return self._slices[class_id]

    def read(self, c: Tensor, target: str,
             classes: Optional[Tensor] = None) -> Tensor:
        """Styles of ``target`` read for queries ``c`` (P, C): class-wise
        when ``classes`` (P,) is given (training), over every item
        otherwise (test time)."""
        if classes is None:
            return read_memory(c, self.keys, self.values(target))
        out = c.new_zeros(len(c), self.keys.shape[1])
        for k in classes.unique().tolist():
            rows = classes == k
            sl = self.items_of(k)
            out[rows] = read_memory(c[rows], self.keys[sl],
                                    self.values(target)[sl])
        return out

    @torch.no_grad()
    def update(self, feats: Dict[str, tuple], classes: Dict[str,
                                                            Tensor]) -> None:
        """Eq. 6 class by class. ``feats[domain] = (c, s)``, each (P_d, C);
        ``classes[domain]`` (P_d,). A class absent from one domain updates
        from the other alone."""
        x, y = self.domains
        for k in range(len(self.items_per_class)):
            sl = self.items_of(k)
            parts = {}
            for d in (x, y):
                rows = classes[d] == k
                c, s = feats[d]
                parts[d] = (c[rows].detach(), s[rows].detach())
            if not any(len(parts[d][0]) for d in (x, y)):
                continue
            empty = self.keys.new_zeros(0, self.keys.shape[1])
            cx, sx = parts[x] if len(parts[x][0]) else (empty, empty)
            cy, sy = parts[y] if len(parts[y][0]) else (empty, empty)
            keys, vx, vy = update_memory(self.keys[sl], self.values(x)[sl],
                                         self.values(y)[sl], cx, sx, cy, sy)
            self.keys[sl] = keys
            self.values(x)[sl] = vx
            self.values(y)[sl] = vy
