"""Spectrally normalized convolution that divides its output by sigma.

``nn.utils.spectral_norm(conv)`` recomputes ``weight_orig / sigma`` on
every call and differentiates through that division: three or four
elementwise passes over the weight per call, forward and backward. For
InstaGAN's discriminator classifier (512 -> 1024 channels, 4x4: 8.4M
weights, 0.6M outputs at 200 px) they take ~1 s of a ~40 s training step
on 2 CPU cores, more than the convolution's own forward
(configs/instagan/README.md).

Convolution is linear in the weight, so ``conv(x, W / sigma) + b =
conv(x, W) / sigma + b``: here the (bias-free) output is divided instead,
which touches as many elements as the output has. sigma, its power
iteration and its gradient are those of ``nn.utils.spectral_norm``
(the power iteration is bit-identical, and so is sigma); only the float
rounding of the division moves from the weight to the output.

``sigma_grad_vectors='latest'`` reproduces a property of the spectral
norm in the InstaGAN authors' code (and the widely copied implementation
it comes from): it replaces ``u.data``/``v.data`` after autograd saved
them, so a backward pass over several calls of one layer (the
discriminator on real and on fake images, or once per mask)
differentiates every call's sigma with the vectors of the layer's latest
call. Forward values are unchanged; only the weight gradient moves.
"""
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor


class SpectralNormConv2d(nn.Conv2d):
    """``nn.utils.spectral_norm(nn.Conv2d(...))`` with the same arguments,
    initialization (random draws in the same order), parameters and
    state-dict keys (``weight_orig``, ``bias``, ``weight_u``,
    ``weight_v``), so checkpoints load either way; the convolution runs
    on ``weight_orig`` and its output is divided by sigma.

    Training-mode calls run ``n_power_iterations`` steps of the power
    iteration (updating ``weight_u``/``weight_v`` in place), as
    ``nn.utils.spectral_norm`` does. There is no ``weight`` attribute:
    initializers write ``weight_orig`` (as
    :func:`~mmi2i.models.archs.init_gan_weights` does), and the normalized
    weight is :meth:`normalized_weight`.

    Args:
        *args, **kwargs: Those of ``nn.Conv2d``.
        n_power_iterations (int): Power-iteration steps per training
            call. Defaults to 1.
        eps (float): Epsilon of the vector normalization. Defaults to
            1e-12.
        sigma_grad_vectors (str): Which power-iteration vectors the
            gradient of sigma (``u v^T``) uses: ``'own'`` (default), those
            of the call, as ``nn.utils.spectral_norm``; ``'latest'``,
            those of the layer's latest training call at backward time,
            as the InstaGAN authors' spectral norm.
    """

    def __init__(self,
                 *args,
                 n_power_iterations: int = 1,
                 eps: float = 1e-12,
                 sigma_grad_vectors: str = 'own',
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if n_power_iterations <= 0:
            raise ValueError('n_power_iterations must be positive, got '
                             f'{n_power_iterations}')
        if sigma_grad_vectors not in ('own', 'latest'):
            raise ValueError("sigma_grad_vectors must be 'own' or 'latest', "
                             f'got {sigma_grad_vectors!r}')
        self.sigma_grad_vectors = sigma_grad_vectors
        self.n_power_iterations = n_power_iterations
        self.eps = eps
        weight = self._parameters.pop('weight')
        with torch.no_grad():
            height, width = weight.shape[0], weight[0].numel()
            u = F.normalize(weight.new_empty(height).normal_(0, 1), dim=0,
                            eps=eps)
            v = F.normalize(weight.new_empty(width).normal_(0, 1), dim=0,
                            eps=eps)
        # the order nn.utils.spectral_norm leaves: bias, weight_orig
        self.register_parameter('weight_orig', weight)
        self.register_buffer('weight_u', u)
        self.register_buffer('weight_v', v)

    def sigma(self, power_iteration: Optional[bool] = None) -> Tensor:
        """The spectral-norm estimate ``u^T W v``, differentiable in
        ``weight_orig``, after the power iteration if
        ``power_iteration`` (default: in training mode)."""
        if power_iteration is None:
            power_iteration = self.training
        mat = self.weight_orig.flatten(1)
        u, v = self.weight_u, self.weight_v
        latest = self.sigma_grad_vectors == 'latest'
        if power_iteration:
            with torch.no_grad():
                for _ in range(self.n_power_iterations):
                    # 'own' writes the buffers in place; 'latest' must not
                    # (autograd would see graphs' saved buffers change)
                    v = F.normalize(torch.mv(mat.t(), u), dim=0,
                                    eps=self.eps, out=None if latest else v)
                    u = F.normalize(torch.mv(mat, v), dim=0, eps=self.eps,
                                    out=None if latest else u)
                if latest:
                    # through .data, unseen by autograd: graphs that saved
                    # the buffers differentiate with these vectors
                    self.weight_u.data.copy_(u)
                    self.weight_v.data.copy_(v)
                    u, v = self.weight_u, self.weight_v
                else:
                    # the buffers change in place at the next call
                    u = u.clone(memory_format=torch.contiguous_format)
                    v = v.clone(memory_format=torch.contiguous_format)
        return torch.dot(u, torch.mv(mat, v))

    def normalized_weight(self) -> Tensor:
        """``weight_orig / sigma`` without a power-iteration step (what
        ``nn.utils.spectral_norm`` exposes as ``weight``)."""
        return self.weight_orig / self.sigma(power_iteration=False)

    def forward(self, x: Tensor) -> Tensor:
        out = self._conv_forward(x, self.weight_orig, None) / self.sigma()
        if self.bias is not None:
            out = out + self.bias.view(1, -1, 1, 1)
        return out
