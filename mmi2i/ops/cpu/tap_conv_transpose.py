"""Stride-2 transposed convolution whose weight gradient is nine GEMMs.

The decoders of the ResNet generators up-sample with 3x3 transposed
convolutions (stride 2, padding 1, output padding 1). oneDNN runs their
forward pass and input gradient at GEMM speed on CPU, but their weight
gradient at about two thirds of it: InstaGAN's mask decoder (768 -> 384
channels at 50 -> 100 px) takes ~130 ms forward and ~200 ms for the
weight gradient on 2 CPU cores, for the same arithmetic
(docs/benchmarks.md).

The weight gradient is, for each of the 9 taps ``(kh, kw)``,

    dW[:, :, kh, kw] = X @ G_k^T,
    G_k[o, i, j] = dY[o, 2i + kh - 1, 2j + kw - 1]

(zero outside ``dY``): one (C_in x HW) @ (HW x C_out) GEMM per tap,
summed over the batch, on one of the four phases (even/odd rows and
columns) of the output gradient, read in place. The
forward pass and the input gradient stay oneDNN's (bit-identical to
``nn.ConvTranspose2d``); only the float summation order of the weight
gradient changes (it is as close to a float64 reference as oneDNN's;
``tests/test_models/test_archs.py``).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

from .conv_function import conv_function, cpu_forms_apply

#: Used from this many input channels on. Measured on 2 CPU cores,
#: forward + backward of the layer against ``nn.ConvTranspose2d``:
#: 768 -> 384 channels at 50 px 0.81x the time, 384 -> 192 at 100 px
#: 0.86x, 512 -> 256 at 50 px 0.83x, 256 -> 128 at 100 px 0.92x, but
#: 128 -> 64 at 200 px 1.04x.
MIN_TAP_CHANNELS = 256

#: The one geometry computed here: kernel, stride, padding, output padding.
_GEOMETRY = dict(stride=2, padding=1, output_padding=1)


def _conv_transpose(x: Tensor, weight: Tensor) -> Tensor:
    return F.conv_transpose2d(x, weight, None, **_GEOMETRY)


#: For tap ``k`` (along one axis) of the 3x3 kernel: the phase of dY it
#: reads (even or odd rows) and whether it reads the row before (``2i -
#: 1`` for ``k = 0``).
_TAP_PHASE = ((1, 1), (0, 0), (1, 0))


def _tap_weight_grad(x: Tensor, grad: Tensor) -> Tensor:
    """Weight gradient (C_in, C_out, 3, 3) of the transposed convolution
    of ``x`` (N, C_in, H, W) whose output gradient is ``grad`` (N, C_out,
    2H, 2W): one GEMM per tap and image.

    ``grad`` is split once into its four phases (even/odd rows and
    columns), each stored with a leading zero row and column, and ``x``
    with a trailing zero column, both with rows of ``W + 1``. A tap that
    reads the row (column) before is then the same phase plane read from
    ``W + 1`` (1) elements earlier, a plain offset: the GEMM reads it in
    place, without a gather per tap.
    """
    n, cin, h, w = x.shape
    cout = grad.shape[1]
    wp = w + 1
    length = h * wp
    xp = x.new_empty(cin, h, wp)
    xp[:, :, w] = 0
    plane = (h + 1) * wp
    phases = grad.new_empty(2, 2, cout, plane + 1)
    grid = phases[..., :plane].view(2, 2, cout, h + 1, wp)
    grid[..., 0, :] = 0
    grid[..., 0] = 0
    phases[..., plane] = 0
    taps = x.new_empty(3, 3, cin, cout)
    for b in range(n):
        xp[:, :, :w] = x[b]
        for a in range(2):
            for c in range(2):
                grid[a, c, :, 1:, 1:] = grad[b, :, a::2, c::2]
        for kh, (a, dr) in enumerate(_TAP_PHASE):
            for kw, (c, dc) in enumerate(_TAP_PHASE):
                off = wp * (1 - dr) + (1 - dc)
                g = phases[a, c, :, off:off + length]
                torch.addmm(taps[kh, kw], xp.view(cin, length), g.t(),
                            beta=int(b > 0), out=taps[kh, kw])
    return taps.permute(2, 3, 0, 1).reshape(cin, cout, 3, 3)


def _tap_grads(x: Tensor, weight: Tensor, grad: Tensor, need_x: bool,
               need_w: bool):
    """Input gradient by oneDNN (as ``nn.ConvTranspose2d``), weight
    gradient by :func:`_tap_weight_grad`."""
    grad_x = None
    if need_x:
        grad_x = torch.ops.aten.convolution_backward(
            grad, x, weight, None, [2, 2], [1, 1], [1, 1], True, [1, 1], 1,
            [True, False, False])[0]
    grad_w = _tap_weight_grad(x, grad) if need_w else None
    return grad_x, grad_w


def _differentiable_grads(x: Tensor, weight: Tensor, grad: Tensor,
                          need_x: bool, need_w: bool):
    """The same gradients from differentiable convolutions (double
    backward): the adjoint of a transposed convolution is the strided
    convolution with the same weight."""
    kw = dict(stride=2, padding=1)
    grad_x = F.conv2d(grad, weight, None, **kw) if need_x else None
    grad_w = (nn.grad.conv2d_weight(grad, weight.shape, x, **kw)
              if need_w else None)
    return grad_x, grad_w


_TapFunction = conv_function('_TapConvTransposeFunction', _conv_transpose,
                             _tap_grads, _differentiable_grads)


def tap_conv_transpose2d(x: Tensor, weight: Tensor, bias=None) -> Tensor:
    """``F.conv_transpose2d(x, weight, bias, stride=2, padding=1,
    output_padding=1)`` for a 3x3 kernel, whose weight gradient is
    computed by :func:`_tap_weight_grad` (double backward goes through
    differentiable convolutions)."""
    return _TapFunction.apply(x, weight, bias)


class TapConvTranspose2d(nn.ConvTranspose2d):
    """``nn.ConvTranspose2d`` (same parameters and state-dict keys) whose
    weight gradient is computed on CPU as nine GEMMs
    (:func:`tap_conv_transpose2d`).

    Used where it is faster: float32 on CPU (no autocast), a 3x3 kernel,
    stride 2, padding 1, output padding 1, dilation 1, one group and at
    least :data:`MIN_TAP_CHANNELS` input channels. Otherwise
    ``nn.ConvTranspose2d``'s own forward.
    """

    def _tap_applies(self, x: Tensor) -> bool:
        return (cpu_forms_apply(x) and self.kernel_size == (3, 3)
                and self.stride == (2, 2) and self.padding == (1, 1)
                and self.output_padding == (1, 1)
                and self.dilation == (1, 1) and self.groups == 1
                and self.in_channels >= MIN_TAP_CHANNELS)

    def forward(self, x: Tensor, output_size=None) -> Tensor:
        if output_size is not None or not self._tap_applies(x):
            return super().forward(x, output_size)
        return tap_conv_transpose2d(x, self.weight, self.bias)
