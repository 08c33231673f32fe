"""Image history buffer (Shrivastava et al.), resumable and seeded."""
from typing import List, Sequence, Tuple

import torch
import torch.nn as nn
from torch import Tensor


class ImagePool(nn.Module):
    """History of generated samples fed to the discriminator.

    With probability 0.5 a query returns a stored sample (replacing it by
    the new one), else the new sample itself. A sample may be a tuple of
    tensors (e.g. image and mask). The pool draws from its own seeded
    generator, and its contents and generator state are part of the
    module's state dict (as plain tensors), so a resumed run makes the same
    choices as an uninterrupted one.

    Args:
        pool_size (int): Capacity; 0 disables the pool.
        seed (int): Seed of the pool's generator.
    """

    def __init__(self, pool_size: int = 50, seed: int = 0) -> None:
        super().__init__()
        self.pool_size = pool_size
        self.items: List[Tuple[Tensor, ...]] = []
        self.generator = torch.Generator().manual_seed(seed)

    def query(self, *tensors: Tensor) -> Tuple[Tensor, ...]:
        """Return a batch of the same structure as ``tensors``.

        Args:
            *tensors: Tensors with a shared batch dimension.
        """
        tensors = tuple(t.detach() for t in tensors)
        if self.pool_size == 0:
            return tensors
        out: List[Tuple[Tensor, ...]] = []
        for i in range(tensors[0].shape[0]):
            item = tuple(t[i:i + 1] for t in tensors)
            if len(self.items) < self.pool_size:
                self.items.append(tuple(t.clone() for t in item))
                out.append(item)
            elif torch.rand(1, generator=self.generator).item() > 0.5:
                j = int(
                    torch.randint(
                        0, self.pool_size, (1, ),
                        generator=self.generator).item())
                old = self.items[j]
                self.items[j] = tuple(t.clone() for t in item)
                out.append(tuple(o.to(t.device) for o, t in zip(old, item)))
            else:
                out.append(item)
        return tuple(
            _cat([o[k] for o in out]) for k in range(len(tensors)))

    def get_extra_state(self) -> dict:
        return dict(
            items=[[t.cpu() for t in item] for item in self.items],
            generator=self.generator.get_state())

    def set_extra_state(self, state: dict) -> None:
        self.items = [tuple(item) for item in state['items']]
        self.generator.set_state(state['generator'])

    def extra_repr(self) -> str:
        return f'pool_size={self.pool_size}'


def _cat(tensors: Sequence[Tensor]) -> Tensor:
    """Concatenate along the batch dim; pads dim 1 when sizes differ
    (instance sets of different lengths)."""
    shapes = {t.shape[1:] for t in tensors}
    if len(shapes) == 1:
        return torch.cat(tensors)
    n = max(t.shape[1] for t in tensors)
    padded = []
    for t in tensors:
        pad = t.new_zeros((t.shape[0], n - t.shape[1], *t.shape[2:]))
        padded.append(torch.cat([t, pad], 1))
    return torch.cat(padded)
