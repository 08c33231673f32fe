"""3x3 convolution by Winograd's minimal filtering F(2x2, 3x3).

The residual blocks of the ResNet generators are 3x3 convolutions at 256
channels; at batch 1 oneDNN runs them at ~70% of this CPU's peak
arithmetic, so fewer multiplications is the only way to make them faster.
F(2x2, 3x3) (Lavin & Gray, CVPR 2016) computes each 2x2 output tile from
a 4x4 input tile with 16 multiplications per channel pair instead of 36:

    Y = A^T [ (G g G^T) . (B^T d B) ] A      (per tile, summed over C_in)

so a convolution becomes 16 matrix products (C_out x C_in) @ (C_in x
tiles), 2.25x fewer multiply-adds than the direct form, plus cheap linear
transforms whose coefficients are 0, +-1 and +-1/2 (exact in float). Its
float32 results are *closer* to a float64 reference than oneDNN's direct
convolution (measured in ``tests/test_models/test_archs.py`` and in
configs/instagan/README.md); larger tiles (F(4x4, 3x3)) would save more
but are ~4x less accurate than the direct form, so they are not used.

The backward pass is the exact adjoint of the same computation (three
matrix products per tile position and the transposed transforms). The
forward keeps only the layer's input (like ``nn.Conv2d``) and recomputes
the input transform in the backward pass. Its large temporaries (the
transformed input, weights and products) live in per-thread scratch
tensors reused from call to call: allocated afresh, they fragment the
heap between the activations a training step keeps (measured: +226 MB
over two InstaGAN generator calls, +860 MB peak over a step).
"""
import math
import threading
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.logging import print_log
from torch import Tensor

from .cpu_conv import conv_function, cpu_forms_apply, valid_stride1

#: The Winograd form is used from this many input channels on: below it
#: the transforms (memory-bound) cost more than the saved arithmetic
#: (measured: 256 channels at 50x50 1.4x faster, 128 at 100x100 even,
#: 64 at 200x200 1.6x slower on 2 CPU cores).
MIN_WINOGRAD_CHANNELS = 256

# G (4x3) and A^T (2x4) of F(2, 3); the 2-D transforms are their Kronecker
# products. B^T's 0/+-1 entries are applied as additions.
_G = ((1.0, 0.0, 0.0), (0.5, 0.5, 0.5), (0.5, -0.5, 0.5), (0.0, 0.0, 1.0))
_AT = ((1.0, 1.0, 1.0, 0.0), (0.0, 1.0, -1.0, -1.0))


_scratch = threading.local()


def _workspace(name: str, shape, like: Tensor) -> Tensor:
    """A scratch tensor of ``shape`` for ``name``, reused across calls in
    this thread (one buffer per name, kept while its size fits; separate
    ones inside ``torch.inference_mode``, whose tensors cannot be written
    outside it). Its contents must not outlive the call that fills it."""
    cache = getattr(_scratch, 'tensors', None)
    if cache is None:
        cache = _scratch.tensors = {}
    name = (name, torch.is_inference_mode_enabled())
    numel = math.prod(shape)
    buf = cache.get(name)
    if (buf is None or buf.numel() != numel or buf.dtype != like.dtype
            or buf.device != like.device):
        buf = cache[name] = like.new_empty(numel)
    return buf.view(shape)


def _kron(m, like: Tensor) -> Tensor:
    t = torch.tensor(m, dtype=like.dtype, device=like.device)
    return torch.kron(t, t)


def _input_transform(x: Tensor, th: int, tw: int) -> Tensor:
    """``B^T d B`` of every 4x4 tile (stride 2) of ``x`` (N, C, 2th+2,
    2tw+2) -> (16, C, N, th * tw), tile position (p, q) = 4p + q first."""
    n, c = x.shape[:2]
    r = [x[:, :, k:k + 2 * th - 1:2] for k in range(4)]
    rows = (r[0] - r[2], r[1] + r[2], r[2] - r[1], r[1] - r[3])
    v = _workspace('v', (16, c, n, th, tw), x)
    for p, a in enumerate(rows):
        s = [a[..., k:k + 2 * tw - 1:2] for k in range(4)]
        out = v[4 * p:4 * p + 4].transpose(1, 2)  # (4, N, C, th, tw) view
        torch.sub(s[0], s[2], out=out[0])
        torch.add(s[1], s[2], out=out[1])
        torch.sub(s[2], s[1], out=out[2])
        torch.sub(s[1], s[3], out=out[3])
    return v.view(16, c, n, th * tw)


def _input_transform_adjoint(gv: Tensor, gx: Tensor) -> Tensor:
    """Adjoint of :func:`_input_transform`: ``B g B^T`` of every tile,
    added into the (overlapping) tile positions of ``gx`` (N, C, 2th+2,
    2tw+2), zeros on entry."""
    n, c, th, tw = gx.shape[0], gx.shape[1], (gx.shape[2] - 2) // 2, (
        gx.shape[3] - 2) // 2
    g = gv.view(4, 4, c, n, th, tw).transpose(2, 3)  # (4, 4, N, C, th, tw)
    # B = (B^T)^T applied along the columns, then along the rows
    cols = [(a[0], a[1] - a[2] + a[3], a[1] + a[2] - a[0], a[3]) for a in g]
    for q in range(4):
        e = [cols[a][q] for a in range(4)]
        rows = (e[0], e[1] - e[2] + e[3], e[1] + e[2] - e[0], e[3])
        for p in range(4):
            dst = gx[:, :, p:p + 2 * th - 1:2, q:q + 2 * tw - 1:2]
            # the entries B[3, 3] = -1 of both factors
            if (p == 3) != (q == 3):
                dst.sub_(rows[p])
            else:
                dst.add_(rows[p])
    return gx


def _output_transform(m: Tensor, y: Tensor) -> Tensor:
    """``A^T M A`` of (16, C_out, N, th * tw), written into ``y`` (N, C_out,
    2th, 2tw)."""
    n, co, th, tw = y.shape[0], y.shape[1], y.shape[2] // 2, y.shape[3] // 2
    out = torch.matmul(_kron(_AT, m), m.view(16, -1),
                       out=_workspace('y', (4, m[0].numel()), m))
    y.view(n, co, th, 2, tw, 2).copy_(
        out.view(2, 2, co, n, th, tw).permute(3, 2, 4, 0, 5, 1))
    return y


def _weight_transform(weight: Tensor) -> Tensor:
    """``G g G^T`` of every (C_out, C_in) kernel -> (16, C_out, C_in). Not
    kept for the backward pass (4 MiB per 256-channel conv; recomputing
    costs ~1% of the conv)."""
    co, c = weight.shape[:2]
    return torch.matmul(_kron(_G, weight), weight.reshape(co * c, 9).t(),
                        out=_workspace('u', (16, co * c), weight)).view(
                            16, co, c)


def _weight_transform_adjoint(gu: Tensor) -> Tensor:
    """Adjoint of :func:`_weight_transform`: (16, C_out, C_in) -> the
    weight gradient (C_out, C_in, 3, 3)."""
    _, co, c = gu.shape
    return torch.matmul(_kron(_G, gu).t(),
                        gu.reshape(16, co * c)).t().reshape(co, c, 3, 3)


def _winograd_conv(x: Tensor, weight: Tensor) -> Tensor:
    """Valid, stride-1 3x3 convolution of an input with even output height
    and width by F(2x2, 3x3)."""
    n, c, hp, wp = x.shape
    th, tw = (hp - 2) // 2, (wp - 2) // 2
    # the output (kept) is allocated before the temporaries, so that
    # freeing them leaves no hole below it in the heap
    y = x.new_empty(n, weight.shape[0], 2 * th, 2 * tw)
    m = torch.matmul(_weight_transform(weight),
                     _input_transform(x, th, tw).view(16, c, -1),
                     out=_workspace('m', (16, y.shape[1], n * th * tw), x))
    return _output_transform(m, y)


def _winograd_grads(x: Tensor, weight: Tensor, grad: Tensor, need_x: bool,
                    need_w: bool):
    """Input and weight gradients of :func:`_winograd_conv`: the adjoint
    transforms and three GEMMs per tile position."""
    n, c, hp, wp = x.shape
    co = weight.shape[0]
    th, tw = (hp - 2) // 2, (wp - 2) // 2
    # the returned gradients first (see _winograd_conv), then temporaries
    grad_x = x.new_zeros(x.shape) if need_x else None
    grad_w = weight.new_empty(weight.shape) if need_w else None
    # adjoint of the output transform: A dY A^T per tile
    gy = grad.reshape(n, co, th, 2, tw, 2).permute(3, 5, 1, 0, 2, 4)
    gm = torch.matmul(_kron(_AT, grad).t(), gy.reshape(4, -1),
                      out=_workspace('m', (16, co * n * th * tw),
                                     grad)).view(16, co, n * th * tw)
    if need_w:
        v = _input_transform(x, th, tw).view(16, c, -1)
        gu = torch.matmul(gm, v.transpose(1, 2),
                          out=_workspace('gu', (16, co, c), grad))
        grad_w.copy_(_weight_transform_adjoint(gu))
    if need_x:
        gv = torch.matmul(_weight_transform(weight).transpose(1, 2), gm,
                          out=_workspace('v', (16, c, n * th * tw), x))
        _input_transform_adjoint(gv, grad_x)
    return grad_x, grad_w


# Fused transforms. The eager transforms above are memory-bound chains of
# elementwise ops (each a pass over a ~10 MB tensor); Inductor
# (``torch.compile``) fuses each into one loop, ~2.5x faster per call. They
# compute the same linear maps, written as pure functions of their inputs.


def _tiles(x: Tensor) -> Tensor:
    """:func:`_input_transform` as a pure function -> (16, C, N * T)."""
    n, c, hp, wp = x.shape
    th, tw = (hp - 2) // 2, (wp - 2) // 2
    r = [x[:, :, k:k + 2 * th - 1:2] for k in range(4)]
    out = []
    for a in (r[0] - r[2], r[1] + r[2], r[2] - r[1], r[1] - r[3]):
        s = [a[..., k:k + 2 * tw - 1:2] for k in range(4)]
        out += [s[0] - s[2], s[1] + s[2], s[2] - s[1], s[1] - s[3]]
    return torch.stack(out).transpose(1, 2).reshape(16, c, n * th * tw)


def _tiles_adjoint(gv: Tensor, n: int, hp: int, wp: int) -> Tensor:
    """:func:`_input_transform_adjoint` as a pure function -> (N, C, hp,
    wp), gathered by parity: pixel (2i + a, 2j + b) sums the tile entries
    (p, q) in {a, a + 2} x {b, b + 2} of tiles (i - p // 2, j - q // 2)."""
    c = gv.shape[1]
    th, tw = (hp - 2) // 2, (wp - 2) // 2
    g = gv.view(4, 4, c, n, th, tw).transpose(2, 3)
    cols = [(a[0], a[1] - a[2] + a[3], a[1] + a[2] - a[0], -a[3]) for a in g]
    part = {}
    for q in range(4):
        e = [cols[a][q] for a in range(4)]
        rows = (e[0], e[1] - e[2] + e[3], e[1] + e[2] - e[0], -e[3])
        for p in range(4):
            dr, dc = p // 2, q // 2
            part[p, q] = F.pad(rows[p], (dc, 1 - dc, dr, 1 - dr))
    planes = [[sum(part[p, q] for p in (a, a + 2) for q in (b, b + 2))
               for b in range(2)] for a in range(2)]
    gx = torch.stack([torch.stack(r, -1) for r in planes], -3)
    return gx.reshape(n, c, hp, wp)


def _untile(m: Tensor, n: int, th: int, tw: int) -> Tensor:
    """:func:`_output_transform` as a pure function: ``A^T M A`` of (16,
    C_out, N * T) -> (N, C_out, 2th, 2tw)."""
    co = m.shape[1]
    t = [(a[0] + a[1] + a[2], a[1] - a[2] - a[3])
         for a in m.view(4, 4, co, n, th, tw)]
    rows = [[t[0][j] + t[1][j] + t[2][j] for j in range(2)],
            [t[1][j] - t[2][j] - t[3][j] for j in range(2)]]
    y = torch.stack([torch.stack(r, -1) for r in rows], -3)
    return y.transpose(0, 1).reshape(n, co, 2 * th, 2 * tw)


def _untile_adjoint(grad: Tensor) -> Tensor:
    """Adjoint of :func:`_untile`: ``A dY A^T`` per tile -> (16, C_out,
    N * T)."""
    n, co, h, w = grad.shape
    g = grad.view(n, co, h // 2, 2, w // 2, 2).permute(3, 5, 1, 0, 2, 4)
    h0 = [(a[0], a[0] + a[1], a[0] - a[1], -a[1]) for a in g]
    out = [(h0[0][q], h0[0][q] + h0[1][q], h0[0][q] - h0[1][q], -h0[1][q])
           for q in range(4)]
    return torch.stack([out[q][p] for p in range(4)
                        for q in range(4)]).reshape(16, co, -1)


_fused_fns = {}


def _fused(fn):
    """``fn`` compiled by Inductor, built on first use."""
    if fn not in _fused_fns:
        _fused_fns[fn] = torch.compile(fn, dynamic=False)
    return _fused_fns[fn]


def _fused_conv(x: Tensor, weight: Tensor) -> Tensor:
    """:func:`_winograd_conv` with fused transforms."""
    n, c, hp, wp = x.shape
    th, tw = (hp - 2) // 2, (wp - 2) // 2
    m = torch.matmul(_weight_transform(weight), _fused(_tiles)(x),
                     out=_workspace('m', (16, weight.shape[0],
                                          n * th * tw), x))
    return _fused(_untile)(m, n, th, tw)


def _fused_grads(x: Tensor, weight: Tensor, grad: Tensor, need_x: bool,
                 need_w: bool):
    """:func:`_winograd_grads` with fused transforms."""
    n, c, hp, wp = x.shape
    co = weight.shape[0]
    gm = _fused(_untile_adjoint)(grad)
    grad_x = grad_w = None
    if need_w:
        gu = torch.matmul(gm, _fused(_tiles)(x).transpose(1, 2),
                          out=_workspace('gu', (16, co, c), grad))
        grad_w = _weight_transform_adjoint(gu)
    if need_x:
        gv = torch.matmul(_weight_transform(weight).transpose(1, 2), gm,
                          out=_workspace('v', (16, c, gm.shape[-1]), x))
        grad_x = _fused(_tiles_adjoint)(gv, n, hp, wp)
    return grad_x, grad_w


_WinogradFunction = conv_function('_WinogradFunction', _winograd_conv,
                                  _winograd_grads)
_FusedWinogradFunction = conv_function('_FusedWinogradFunction', _fused_conv,
                                       _fused_grads)

#: Whether Inductor compiled the fused transforms on this machine (None:
#: not tried yet).
_fusion_works = None


def _apply(x: Tensor, weight: Tensor, bias, fused: bool) -> Tensor:
    """The Winograd Function, fused where asked for and Inductor works
    (tried once, outside autograd; a failure warns and falls back to the
    eager transforms)."""
    global _fusion_works
    if fused and _fusion_works is None:
        print_log('WinogradConv2d: compiling the fused transforms '
                  '(torch.compile; about a minute on first use, cached on '
                  'disk after)', logger='current')
        try:
            with torch.no_grad():
                _fused(_tiles)(x)
            _fusion_works = True
        except Exception as err:  # e.g. no working C++ compiler
            _fusion_works = False
            warnings.warn(f'WinogradConv2d: torch.compile of the fused '
                          f'transforms failed ({type(err).__name__}: '
                          f'{str(err)[:300]}); using the eager transforms '
                          f'(the same results, slower).')
    fn = _FusedWinogradFunction if fused and _fusion_works \
        else _WinogradFunction
    return fn.apply(x, weight, bias)


def winograd_conv2d(x: Tensor, weight: Tensor, bias=None,
                    fused: bool = False) -> Tensor:
    """``F.conv2d(x, weight, bias)`` for a 3x3 kernel, no padding, stride
    1, computed with F(2x2, 3x3) (an odd output size is computed on one
    extra zero row/column and cropped). ``fused``: the transforms compiled
    by ``torch.compile`` (falls back to the eager ones, with a warning,
    where Inductor cannot compile). Double backward goes through
    differentiable convolutions."""
    h, w = x.shape[-2] - 2, x.shape[-1] - 2
    if h < 1 or w < 1:
        raise ValueError(f'input {tuple(x.shape)} is smaller than the 3x3 '
                         f'kernel')
    if h % 2 or w % 2:
        x = F.pad(x, (0, w % 2, 0, h % 2))
        return _apply(x, weight, bias, fused)[..., :h, :w]
    return _apply(x, weight, bias, fused)


class WinogradConv2d(nn.Conv2d):
    """``nn.Conv2d`` (same parameters and state-dict keys) that computes
    3x3 convolutions on CPU with :func:`winograd_conv2d`.

    Used where it is faster: float32 on CPU (no autocast), a 3x3 kernel,
    stride 1, no padding (the blocks pad before the conv), dilation 1, one
    group and at least :data:`MIN_WINOGRAD_CHANNELS` input channels.
    Otherwise ``nn.Conv2d``'s own forward.

    Args:
        *args: ``nn.Conv2d``'s.
        fused (bool): Compile the transforms with ``torch.compile`` (fused
            into one loop each; ~10% faster per InstaGAN training step on
            2 CPU cores, configs/instagan/README.md). Compiling takes ~1
            minute per input size on first use (cached on disk after);
            without a working C++ compiler it warns once and uses the
            eager transforms. Defaults to False.
        **kwargs: ``nn.Conv2d``'s.
    """

    def __init__(self, *args, fused: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fused = fused

    def _winograd_applies(self, x: Tensor) -> bool:
        return (cpu_forms_apply(x) and valid_stride1(self)
                and self.kernel_size == (3, 3)
                and self.in_channels >= MIN_WINOGRAD_CHANNELS)

    def forward(self, x: Tensor) -> Tensor:
        if not self._winograd_applies(x):
            return super().forward(x)
        return winograd_conv2d(x, self.weight, self.bias, self.fused)
