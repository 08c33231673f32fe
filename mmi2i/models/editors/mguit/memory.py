"""MGUIT's class-aware key-value memory (Jeong et al., CVPR 2021, §3.2).

Items ``(k_n, v_n^x, v_n^y)``: a key shared by the domains (content) and
one value per domain (style), ``N_k`` items per class (background
included). Pure functions implement the equations on (P, C) query
features and (N, C) items; :class:`ClassAwareMemory` holds the items as
buffers (saved in checkpoints, averaged across DDP ranks after each
update) and routes queries class by class. Eq. 8 is
:func:`mmi2i.models.losses.feature_contrastive`.
"""
from typing import Dict, Optional, Sequence, Tuple

import torch
import torch.distributed as dist
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


def update_weights(c: Tensor, keys: Tensor,
                   rule: str = 'all') -> Tensor:
    """beta (eq. 5): softmax of eq. 3 over the queries (each column sums to
    1).

    Args:
        rule (str): ``'all'``: every query weighs on every item (eq. 5 as
            printed); ``'nearest'``: beta is kept only where item n is the
            query's nearest (read) item and zeroed elsewhere, the
            released code's gathering and that of the memory MGUIT builds
            on (Park et al. 2020, [33]). With ``'all'``, beta is nearly
            uniform over the queries (cosines lie in [-1, 1]), so every
            item of a class moves to the same mean content and the items
            collapse into one.
    """
    sim = cosine_similarity(c, keys)
    beta = torch.softmax(sim, dim=0)
    if rule == 'nearest':
        nearest = F.one_hot(sim.argmax(dim=1), len(keys)).to(beta)
        beta = beta * nearest
    elif rule != 'all':
        raise ValueError(f"update rule must be 'all' or 'nearest', got "
                         f'{rule!r}')
    return beta


def update_memory(keys: Tensor, values_x: Tensor, values_y: Tensor,
                  c_x: Tensor, s_x: Tensor, c_y: Tensor,
                  s_y: Tensor, rule: str = 'all') -> tuple:
    """Eq. 6: keys take the beta-weighted contents of both domains, each
    domain's values its own styles; every item is then L2-normalized.
    ``rule``: see :func:`update_weights`.

    Returns:
        tuple: new (keys, values_x, values_y).
    """
    b_x = update_weights(c_x, keys, rule)
    b_y = update_weights(c_y, keys, rule)
    keys = F.normalize(keys + b_x.t() @ c_x + b_y.t() @ c_y, dim=1)
    values_x = F.normalize(values_x + b_x.t() @ s_x, dim=1)
    values_y = F.normalize(values_y + b_y.t() @ s_y, dim=1)
    return keys, values_x, values_y


def class_map(boxes: Tensor, labels: Tensor, size: Tuple[int, int],
              image_size: Tuple[int, int]) -> Tensor:
    """Memory class of every feature-map pixel from the instance boxes:
    0 for background, ``label + 1`` inside a box of that label.

    A pixel is inside a box when its cell centre is. Larger boxes are
    painted first, so a small object inside a large one keeps its class
    (the paper leaves overlaps open; the released code lets the higher
    class index win).

    Args:
        boxes (Tensor): (B, N, 4) x1, y1, x2, y2 in image pixels.
        labels (Tensor): (B, N) class labels, -1 for padded slots.
        size (tuple): (h, w) of the feature map.
        image_size (tuple): (H, W) of the image.

    Returns:
        Tensor: (B, h, w) long.
    """
    h, w = size
    sy, sx = image_size[0] / h, image_size[1] / w
    ys = (torch.arange(h, device=boxes.device, dtype=torch.float) + 0.5) * sy
    xs = (torch.arange(w, device=boxes.device, dtype=torch.float) + 0.5) * sx
    out = torch.zeros(len(boxes), h, w, dtype=torch.long,
                      device=boxes.device)
    for i in range(len(boxes)):
        keep = labels[i] >= 0
        b, lab = boxes[i][keep], labels[i][keep]
        area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
        for j in area.argsort(descending=True).tolist():
            x1, y1, x2, y2 = b[j].tolist()
            rows = (ys >= y1) & (ys < y2)
            cols = (xs >= x1) & (xs < x2)
            out[i][rows[:, None] & cols[None, :]] = int(lab[j]) + 1
    return out


def key_similarity(keys: Tensor, items_per_class: Sequence[int]) -> dict:
    """How spread the keys are: the mean cosine similarity of distinct
    key pairs, over all pairs, within classes and between classes (NaN
    where no such pair exists). Lower is more spread; the feature
    contrastive loss (eq. 8) should push keys apart."""
    sim = cosine_similarity(keys, keys)
    cls = torch.repeat_interleave(
        torch.arange(len(items_per_class)),
        torch.as_tensor(list(items_per_class))).to(keys.device)
    off = ~torch.eye(len(keys), dtype=torch.bool, device=keys.device)
    same = (cls[:, None] == cls[None]) & off
    nan = float('nan')
    return dict(
        all=sim[off].mean().item() if off.any() else nan,
        within=sim[same].mean().item() if same.any() else nan,
        between=sim[~same & off].mean().item() if (~same & off).any()
        else nan)


class ClassAwareMemory(nn.Module):
    """N = sum_k N_k items of ``channels`` dims; keys shared, values per
    domain, all buffers (model state, not parameters).

    Args:
        items_per_class (Sequence[int]): N_k per class id (e.g. INIT: car 5,
            person 3, traffic sign 2, background 10).
        channels (int): C of the keys (256 in the paper).
        domains (Sequence[str]): The two domain names.
        value_channels (int, optional): C of the values when it differs
            from the keys' (the released code: keys 256, values 128).
        update_rule (str): ``'nearest'`` (default) or ``'all'``; see
            :func:`update_weights`.
    """

    def __init__(self, items_per_class: Sequence[int], channels: int,
                 domains: Sequence[str],
                 value_channels: Optional[int] = None,
                 update_rule: str = 'nearest') -> None:
        super().__init__()
        if update_rule not in ('all', 'nearest'):
            raise ValueError(f"update_rule must be 'all' or 'nearest', got "
                             f'{update_rule!r}')
        self.update_rule = update_rule
        if not items_per_class or min(items_per_class) < 1:
            raise ValueError(f'every class needs >= 1 item, got '
                             f'{list(items_per_class)}')
        self.items_per_class = list(items_per_class)
        self.domains = list(domains)
        n = sum(items_per_class)
        self.register_buffer('keys', F.normalize(torch.randn(n, channels),
                                                 dim=1))
        for d in self.domains:
            self.register_buffer(
                f'values_{d}',
                F.normalize(torch.randn(n, value_channels or channels),
                            dim=1))
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
        out = c.new_zeros(len(c), self.values(target).shape[1])
        for k in classes.unique().tolist():
            rows = classes == k
            sl = self.items_of(k)
            out[rows] = read_memory(c[rows], self.keys[sl],
                                    self.values(target)[sl])
        return out

    def read_values(self, c: Tensor, values: Tensor) -> Tensor:
        """Test-time read (every item) with per-image values: c (B, P, C),
        values (B, N, C) -> (B, P, C)."""
        alpha = torch.softmax(
            F.normalize(c, dim=2) @ F.normalize(self.keys, dim=1).t(), dim=2)
        return alpha @ values

    def pool_values(self, c: Tensor, s: Tensor) -> Tensor:
        """Values of one image (a reference style): eq. 5-6 applied to an
        empty value, i.e. the L2-normalized beta-weighted sum of its
        styles per item, over every item. c (B, P, C_k), s (B, P, C_v) ->
        (B, N, C_v)."""
        beta = torch.softmax(
            F.normalize(c, dim=2) @ F.normalize(self.keys, dim=1).t(), dim=1)
        return F.normalize(beta.transpose(1, 2) @ s, dim=2)

    def contrastive(self, c: Tensor, s: Tensor, classes: Tensor,
                    domain: str, key_loss: Optional[nn.Module],
                    value_loss: Optional[nn.Module]
                    ) -> Tuple[Tensor, Tensor]:
        """Eq. 8 class by class: each query against its class's items;
        ``key_loss`` on the contents (c, (P, C_k)), ``value_loss`` on the
        styles (s, (P, C_v)) against this domain's values, both with p+
        the item nearest to the content (the item the pixel addresses, as
        in the released code). Each loss is a
        :class:`FeatureContrastiveLoss`: summed over every query of every
        class, then divided by P when its reduction is ``'mean'``; None
        gives 0 (the loss is not used)."""
        k_loss, v_loss = c.new_zeros(()), c.new_zeros(())
        for k in classes.unique().tolist():
            rows = classes == k
            sl = self.items_of(k)
            keys = self.keys[sl]
            nearest = cosine_similarity(c[rows], keys).argmax(dim=1)
            if key_loss is not None:
                k_loss = k_loss + key_loss(c[rows], keys, nearest, 'sum')
            if value_loss is not None:
                v_loss = v_loss + value_loss(
                    s[rows], self.values(domain)[sl], nearest, 'sum')
        n = max(len(c), 1)
        if key_loss is not None and key_loss.reduction == 'mean':
            k_loss = k_loss / n
        if value_loss is not None and value_loss.reduction == 'mean':
            v_loss = v_loss / n
        return k_loss, v_loss

    @torch.no_grad()
    def sync(self) -> None:
        """Make the memory identical on every DDP rank: the mean of the
        ranks' items, L2-normalized again (each rank updated it from its
        own batch). A no-op outside distributed training."""
        if not (dist.is_available() and dist.is_initialized()) or \
                dist.get_world_size() == 1:
            return
        for name in ['keys'] + [f'values_{d}' for d in self.domains]:
            buf = getattr(self, name)
            dist.all_reduce(buf)
            buf.copy_(F.normalize(buf, dim=1))

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
            cx, sx = parts[x]
            cy, sy = parts[y]
            keys, vx, vy = update_memory(self.keys[sl], self.values(x)[sl],
                                         self.values(y)[sl], cx, sx, cy, sy,
                                         self.update_rule)
            self.keys[sl] = keys
            self.values(x)[sl] = vx
            self.values(y)[sl] = vy
