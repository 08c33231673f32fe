"""Image history buffer (Shrivastava et al.), resumable and seeded."""
from typing import List, Tuple

import torch
import torch.nn as nn
from torch import Tensor


class ImagePool(nn.Module):
    """History of generated samples fed to the discriminator.

    Once full, a query returns, for each sample, with probability 0.5 a
    stored sample (storing the new one in its place), else the new sample.
    A sample may be several tensors (e.g. image and masks); each keeps a
    fixed per-sample shape. The pool draws from its own seeded generator;
    contents, fill count and generator state are plain tensor buffers in
    the state dict, so a resumed run makes the same choices as an
    uninterrupted one.

    Args:
        pool_size (int): Capacity; 0 disables the pool.
        seed (int): Seed of the pool's generator.
    """

    #: buffers named like this are created when the pool fills or loads,
    #: so a checkpoint may hold them while a fresh pool does not
    dynamic_buffer_prefix = 'store_'

    def __init__(self, pool_size: int = 50, seed: int = 0) -> None:
        super().__init__()
        self.pool_size = pool_size
        self.generator = torch.Generator().manual_seed(seed)
        self.register_buffer('num_items', torch.zeros((), dtype=torch.long))
        self.register_buffer('rng_state', self.generator.get_state())

    def _store(self, k: int, like: Tensor) -> Tensor:
        name = f'store_{k}'
        if not hasattr(self, name):
            self.register_buffer(
                name, like.new_zeros((self.pool_size, *like.shape[1:])))
        store = getattr(self, name)
        if store.shape[1:] != like.shape[1:]:
            raise ValueError(f'ImagePool holds samples of shape '
                             f'{tuple(store.shape[1:])}, got '
                             f'{tuple(like.shape[1:])}')
        return store

    def query(self, *tensors: Tensor) -> Tuple[Tensor, ...]:
        """Return a batch of the same structure as ``tensors``.

        Args:
            *tensors: Tensors with a shared batch dimension.
        """
        tensors = tuple(t.detach() for t in tensors)
        if self.pool_size == 0:
            return tensors
        stores = [self._store(k, t) for k, t in enumerate(tensors)]
        outs: List[List[Tensor]] = [[] for _ in tensors]
        for i in range(tensors[0].shape[0]):
            n = int(self.num_items)
            if n < self.pool_size:
                for k, t in enumerate(tensors):
                    stores[k][n] = t[i]
                    outs[k].append(t[i])
                self.num_items += 1
            elif torch.rand(1, generator=self.generator).item() > 0.5:
                j = int(
                    torch.randint(
                        0, self.pool_size, (1, ),
                        generator=self.generator).item())
                for k, t in enumerate(tensors):
                    outs[k].append(stores[k][j].clone())
                    stores[k][j] = t[i]
            else:
                for k, t in enumerate(tensors):
                    outs[k].append(t[i])
        self.rng_state.copy_(self.generator.get_state())
        return tuple(torch.stack(o) for o in outs)

    def _load_from_state_dict(self, state_dict, prefix, *args,
                              **kwargs) -> None:
        for key, value in state_dict.items():
            name = key[len(prefix):]
            if (key.startswith(prefix + 'store_') and '.' not in name
                    and not hasattr(self, name)):
                self.register_buffer(name, torch.empty_like(value))
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)
        self.generator.set_state(self.rng_state.detach().cpu().clone())

    def extra_repr(self) -> str:
        return f'pool_size={self.pool_size}'
