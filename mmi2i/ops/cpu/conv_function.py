"""The shared frame of the CPU forms of convolutions (``ThinConv2d``,
``WinogradConv2d``, ``TapConvTranspose2d``): where they apply and the
autograd Function around their forward and gradient computations."""
import contextlib

import torch
import torch.nn as nn
from torch import Tensor

#: dtypes the CPU forms run in (float64 only inside
#: :func:`cpu_forms_in_float64`)
_DTYPES = [torch.float32]


@contextlib.contextmanager
def cpu_forms_in_float64():
    """Run the CPU forms for float64 inputs too (where they are not faster
    than the direct convolutions): to check, without float32 rounding in
    the way, that a model computes the same with and without them
    (``tools/analysis/benchmark.py --dtype float64``)."""
    _DTYPES.append(torch.float64)
    try:
        yield
    finally:
        _DTYPES.remove(torch.float64)


def cpu_forms_apply(x: Tensor) -> bool:
    """``x`` is a 4-D float32 CPU tensor (or float64, inside
    :func:`cpu_forms_in_float64`) and CPU autocast is off: where the CPU
    forms of this package's convolutions apply."""
    return (x.device.type == 'cpu' and x.dtype in _DTYPES
            and not torch.is_autocast_enabled('cpu') and x.dim() == 4)


def valid_stride1(conv: nn.Conv2d) -> bool:
    """``conv`` is an unpadded, stride-1, undilated, ungrouped convolution:
    the only kind the CPU forms compute."""
    return (conv.stride == (1, 1) and conv.dilation == (1, 1)
            and conv.groups == 1 and conv.padding == (0, 0))


def valid_conv_grads(x: Tensor, weight: Tensor, grad: Tensor, need_x: bool,
                     need_w: bool):
    """Input and weight gradients of a valid, stride-1 ``conv2d``, built
    from differentiable convolutions."""
    grad_x = nn.grad.conv2d_input(x.shape, weight, grad) if need_x else None
    grad_w = (nn.grad.conv2d_weight(x, weight.shape, grad)
              if need_w else None)
    return grad_x, grad_w


def conv_function(name: str, conv, grads, diff_grads=valid_conv_grads) -> type:
    """An autograd Function class ``name`` for a convolution of fixed
    geometry (by default valid and stride 1): ``conv(x, weight)`` computes
    it, ``grads(x, weight, grad, need_x, need_w)`` returns its (input,
    weight) gradients. The class adds the bias and keeps only the input
    and weight for the backward pass. Under ``create_graph`` (double
    backward, e.g. a gradient penalty) the gradients come from
    ``diff_grads`` (same signature), built from differentiable
    convolutions."""

    def forward(ctx, x: Tensor, weight: Tensor, bias) -> Tensor:
        y = conv(x, weight)
        if bias is not None:
            y += bias.view(1, -1, 1, 1)
        ctx.save_for_backward(x, weight)
        ctx.has_bias = bias is not None
        return y

    def backward(ctx, grad: Tensor):
        x, weight = ctx.saved_tensors
        need = ctx.needs_input_grad
        form = diff_grads if torch.is_grad_enabled() else grads
        grad_x, grad_w = form(x, weight, grad, need[0], need[1])
        grad_b = grad.sum((0, 2, 3)) if ctx.has_bias and need[2] else None
        return grad_x, grad_w, grad_b

    return type(name, (torch.autograd.Function, ),
                dict(forward=staticmethod(forward),
                     backward=staticmethod(backward)))
