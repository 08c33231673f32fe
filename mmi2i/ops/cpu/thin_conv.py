"""A convolution with few output channels, computed as one matrix product.

Generators end in a 7x7 convolution to 3 (image) or 1 (mask) channels at
full resolution. oneDNN, which runs ``conv2d`` on CPU, is slow for so few
output channels: InstaGAN's mask head (192 -> 1 channels, 7x7, 200 px)
takes ~90 ms forward and ~130 ms backward on 2 CPU cores, 5-7% of a
training step at 2 instances (docs/benchmarks.md).

The same convolution as matrix products: with ``W_k`` the (C_out, C_in)
weights of tap ``k`` (49 taps for 7x7), ``z = [W_0; ...; W_48] x`` is one
GEMM over all pixels, and the output is ``y(p) = sum_k z_k(p + k)``, 48
shifted additions of small planes. The backward is two GEMMs on the
``unfold`` of the (zero-padded) output gradient. The function is the same
convolution; only the float summation order changes (it is closer to a
float64 reference than oneDNN's; ``tests/test_models/test_archs.py``).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

from .conv_function import conv_function, cpu_forms_apply, valid_stride1

#: The GEMM form is used for at most this many output channels.
MAX_THIN_CHANNELS = 4
#: Largest intermediate (taps x output channels x input pixels, float32
#: elements; 256 MiB) one GEMM call may build; larger batches are split,
#: and a single image above it uses the plain convolution.
MAX_GEMM_ELEMENTS = 1 << 26


def _taps_first(weight: Tensor) -> Tensor:
    """(C_out, C_in, kh, kw) -> (kh * kw * C_out, C_in), taps outermost."""
    cout, cin, kh, kw = weight.shape
    return weight.permute(2, 3, 0, 1).reshape(kh * kw * cout, cin)


def _flipped_channels_first(weight: Tensor) -> Tensor:
    """(C_out, C_in, kh, kw) -> (C_out * kh * kw, C_in) with the taps
    reversed: the row order of ``F.unfold``'s output."""
    cout, cin, kh, kw = weight.shape
    return weight.flip((2, 3)).permute(0, 2, 3, 1).reshape(cout * kh * kw,
                                                           cin)


def _thin_conv(x: Tensor, weight: Tensor) -> Tensor:
    """Valid, stride-1 convolution as GEMM + shifted sums."""
    n, cin, hp, wp = x.shape
    cout, _, kh, kw = weight.shape
    h, w = hp - kh + 1, wp - kw + 1
    z = torch.matmul(_taps_first(weight), x.reshape(n, cin, hp * wp))
    z = z.view(n, kh, kw, cout, hp, wp)
    y = z[:, 0, 0, :, :h, :w].clone()
    for i in range(kh):
        for j in range(kw):
            if i or j:
                y += z[:, i, j, :, i:i + h, j:j + w]
    return y


def _thin_grads(x: Tensor, weight: Tensor, grad: Tensor, need_x: bool,
                need_w: bool):
    """Input and weight gradients of :func:`_thin_conv`: two GEMMs."""
    n, cin, hp, wp = x.shape
    cout, _, kh, kw = weight.shape
    # dz[(c, i, j), q] = grad[c, q - (kh-1-i, kw-1-j)] (zero outside)
    dz = F.unfold(F.pad(grad, (kw - 1, kw - 1, kh - 1, kh - 1)), (kh, kw))
    grad_x = grad_w = None
    if need_x:
        grad_x = torch.matmul(_flipped_channels_first(weight).t(),
                              dz).view(n, cin, hp, wp)
    if need_w:
        gw = torch.matmul(dz, x.reshape(n, cin, hp * wp).transpose(1, 2))
        grad_w = gw.sum(0).view(cout, kh, kw, cin).permute(0, 3, 1,
                                                           2).flip((2, 3))
    return grad_x, grad_w


_ThinConvFunction = conv_function('_ThinConvFunction', _thin_conv,
                                  _thin_grads)


def thin_conv2d(x: Tensor, weight: Tensor, bias=None) -> Tensor:
    """``F.conv2d(x, weight, bias)`` (no padding, stride 1) as GEMM and
    shifted sums. Its backward is GEMMs too, except under
    ``create_graph`` (double backward), where it is built from
    differentiable convolutions."""
    return _ThinConvFunction.apply(x, weight, bias)


class ThinConv2d(nn.Conv2d):
    """``nn.Conv2d`` (same parameters and state-dict keys) that computes
    few-output-channel convolutions on CPU with :func:`thin_conv2d`.

    Used where it is faster: float32 on CPU (no autocast), at most
    :data:`MAX_THIN_CHANNELS` output channels, a kernel larger than 1x1,
    stride 1, no padding, dilation 1, one group, and an intermediate of at
    most :data:`MAX_GEMM_ELEMENTS` per image (batches are split to keep
    each call under it). Otherwise ``nn.Conv2d``'s own forward.
    """

    def _per_image(self, x: Tensor) -> int:
        """Elements of the GEMM's output for one image of ``x``."""
        kh, kw = self.kernel_size
        return kh * kw * self.out_channels * x.shape[-2] * x.shape[-1]

    def _gemm_applies(self, x: Tensor) -> bool:
        return (cpu_forms_apply(x) and valid_stride1(self)
                and self.out_channels <= MAX_THIN_CHANNELS
                and self.kernel_size != (1, 1)
                and self._per_image(x) <= MAX_GEMM_ELEMENTS)

    def forward(self, x: Tensor) -> Tensor:
        if not self._gemm_applies(x):
            return super().forward(x)
        per_call = MAX_GEMM_ELEMENTS // self._per_image(x)
        if x.shape[0] <= per_call:
            return thin_conv2d(x, self.weight, self.bias)
        return torch.cat([
            thin_conv2d(part, self.weight, self.bias)
            for part in x.split(per_call)
        ])
