"""3x3 convolution by Winograd's minimal filtering F(2x2 or 4x4, 3x3).

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
docs/benchmarks.md). F(4x4, 3x3) (``tile=4``) computes 4x4
outputs from 6x6 tiles with 36 products, 4x fewer than the direct form;
with the interpolation points 0, +-1, 1/2, -2 its float32 error is ~1.8x
the direct form's by norm (about equal at the maximum) for the output
and the weight gradient and ~8x oneDNN's (very accurate) input gradient.

The backward pass is the exact adjoint of the same computation (three
matrix products per tile position and the transposed transforms). The
forward keeps only the layer's input (like ``nn.Conv2d``) and recomputes
the input transform in the backward pass. Its large temporaries (the
transformed input, weights and products) live in per-thread scratch
tensors reused from call to call: allocated afresh, they fragment the
heap between the activations a training step keeps (measured: +226 MB
over two InstaGAN generator calls, +860 MB peak over a step).
"""
import contextlib
import math
import threading
import warnings
import weakref
from functools import partial

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.logging import print_log
from torch import Tensor

from .conv_function import conv_function, cpu_forms_apply, valid_stride1

#: The Winograd form is used from this many input channels on: below it
#: the transforms (memory-bound) cost more than the saved arithmetic
#: (measured: 256 channels at 50x50 1.4x faster, 128 at 100x100 even,
#: 64 at 200x200 1.6x slower on 2 CPU cores).
MIN_WINOGRAD_CHANNELS = 256

#: (A^T, G, B^T) of F(m x m, 3x3) by output tile size m (Toom-Cook,
#: Lavin & Gray's construction): F(2, 3) with the interpolation points 0,
#: 1, -1 and infinity; F(4, 3) with 0, 1, -1, 1/2, -2 and infinity, the
#: choice of Barabasz et al. (2020) that is the most accurate of those
#: tried (float32 error against float64 ~1.8x the direct convolution's by
#: norm and about equal at the maximum, against ~2.8x with the common 0,
#: +-1, +-2; tests/test_models/test_archs.py). A^T and B^T entries are
#: dyadic (exact in float); G's are rounded once per weight transform.
_TRANSFORMS = {
    2: (((1, 1, 1, 0), (0, 1, -1, -1)),
        ((1, 0, 0), (1 / 2, 1 / 2, 1 / 2), (1 / 2, -1 / 2, 1 / 2), (0, 0, 1)),
        ((1, 0, -1, 0), (0, 1, 1, 0), (0, -1, 1, 0), (0, 1, 0, -1))),
    4: (((1, 1, 1, 1, 1, 0), (0, 1, -1, 1 / 2, -2, 0),
         (0, 1, 1, 1 / 4, 4, 0), (0, 1, -1, 1 / 8, -8, 1)),
        ((1, 0, 0), (1 / 3, 1 / 3, 1 / 3), (-1 / 3, 1 / 3, -1 / 3),
         (-16 / 15, -8 / 15, -4 / 15), (1 / 15, -2 / 15, 4 / 15), (0, 0, 1)),
        ((1, -3 / 2, -2, 3 / 2, 1, 0), (0, -1, 1 / 2, 5 / 2, 1, 0),
         (0, 1, -5 / 2, 1 / 2, 1, 0), (0, -2, -1, 2, 1, 0),
         (0, 1 / 2, -1, -1 / 2, 1, 0), (0, 1, -3 / 2, -2, 3 / 2, 1))),
}
#: The output tile sizes computed (``WinogradConv2d``'s ``tile``).
TILES = tuple(_TRANSFORMS)
_AT, _G = _TRANSFORMS[2][:2]


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
    """``G g G^T`` of every (C_out, C_in) kernel -> (16, C_out, C_in), for
    the eager F(2, 3) (:func:`_weight_tiles` is the pure form of any tile
    size). Not kept for the backward pass (4 MiB per 256-channel conv;
    recomputing costs ~1% of the conv)."""
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


# The transforms as pure functions of their inputs, for any tile size m
# in _TRANSFORMS: fused by Inductor (``torch.compile``) into one loop each
# (the eager F(2, 3) transforms above are memory-bound chains of
# elementwise ops, ~2.5x slower per call); for m = 4 they also run
# uncompiled (``fused=False``), slower but the same linear maps.


def _combine(mat, parts):
    """``[sum_k mat[i][k] * parts[k] for each row i]``, skipping zero
    coefficients and multiplying only by those other than +-1."""
    out = []
    for row in mat:
        acc = None
        for coef, part in zip(row, parts):
            if coef == 0:
                continue
            term = part if abs(coef) == 1 else part * abs(coef)
            if acc is None:
                acc = term if coef > 0 else -term
            else:
                acc = acc + term if coef > 0 else acc - term
        out.append(acc)
    return out


def _transposed(mat):
    return tuple(zip(*mat))


def _num_tiles(hp: int, wp: int, m: int):
    """Tiles (rows, columns) of size ``m`` covering the output of a valid
    3x3 convolution of an (hp, wp) input."""
    return -(-(hp - 2) // m), -(-(wp - 2) // m)


def _tiles(x: Tensor, m: int) -> Tensor:
    """``B^T d B`` of every (m + 2)^2 tile (stride m) of ``x`` (N, C, hp,
    wp), zero-padded at the bottom and right to whole tiles -> (a^2, C, N
    * th * tw), a = m + 2, tile position (p, q) = a p + q first."""
    bt = _TRANSFORMS[m][2]
    a = m + 2
    n, c, hp, wp = x.shape
    th, tw = _num_tiles(hp, wp, m)
    x = F.pad(x, (0, m * tw + 2 - wp, 0, m * th + 2 - hp))
    rows = _combine(bt, [x[:, :, k:k + m * (th - 1) + 1:m] for k in range(a)])
    out = []
    for r in rows:
        out += _combine(bt, [r[..., k:k + m * (tw - 1) + 1:m]
                             for k in range(a)])
    return torch.stack(out).transpose(1, 2).reshape(a * a, c, n * th * tw)


def _tiles_adjoint(gv: Tensor, m: int, n: int, hp: int, wp: int) -> Tensor:
    """Adjoint of :func:`_tiles`: ``B G B^T`` of every tile, summed over
    the overlapping tile positions -> (N, C, hp, wp). Gathered by residue:
    pixel (m i + r, m j + s) sums the tile entries (p, q) with p = r, r + m
    and q = s, s + m of tiles (i - p // m, j - q // m)."""
    b = _transposed(_TRANSFORMS[m][2])
    a = m + 2
    c = gv.shape[1]
    th, tw = _num_tiles(hp, wp, m)
    g = gv.view(a, a, c, n, th, tw).transpose(2, 3)
    cols = [_combine(b, list(gp)) for gp in g]
    part = {}
    for q in range(a):
        rows = _combine(b, [cols[p][q] for p in range(a)])
        for p in range(a):
            dr, dc = p // m, q // m
            part[p, q] = F.pad(rows[p], (dc, 1 - dc, dr, 1 - dr))
    planes = [[
        sum(part[p, q] for p in range(r, a, m) for q in range(s, a, m))
        for s in range(m)
    ] for r in range(m)]
    gx = torch.stack([torch.stack(r, -1) for r in planes], -3)
    return gx.reshape(n, c, m * (th + 1), m * (tw + 1))[..., :hp, :wp]


def _untile(mt: Tensor, m: int, n: int, h: int, w: int) -> Tensor:
    """``A^T M A`` of (a^2, C_out, N * T) -> (N, C_out, h, w), the tiles
    cropped to the output size."""
    at = _TRANSFORMS[m][0]
    a = m + 2
    co = mt.shape[1]
    th, tw = _num_tiles(h + 2, w + 2, m)
    cols = [_combine(at, list(r)) for r in mt.view(a, a, co, n, th, tw)]
    rows = [_combine(at, [cols[p][j] for p in range(a)]) for j in range(m)]
    y = torch.stack([torch.stack(r, -1) for r in rows], -1)
    y = y.permute(1, 0, 2, 4, 3, 5).reshape(n, co, m * th, m * tw)
    return y[..., :h, :w]


def _untile_adjoint(grad: Tensor, m: int) -> Tensor:
    """Adjoint of :func:`_untile`: ``A dY A^T`` per tile (``grad``
    zero-padded to whole tiles) -> (a^2, C_out, N * T)."""
    at_t = _transposed(_TRANSFORMS[m][0])
    a = m + 2
    n, co, h, w = grad.shape
    th, tw = _num_tiles(h + 2, w + 2, m)
    grad = F.pad(grad, (0, m * tw - w, 0, m * th - h))
    g = grad.view(n, co, th, m, tw, m).permute(3, 5, 1, 0, 2, 4)
    cols = [_combine(at_t, list(gi)) for gi in g]
    out = [_combine(at_t, [cols[i][q] for i in range(m)]) for q in range(a)]
    return torch.stack([out[q][p] for p in range(a)
                        for q in range(a)]).reshape(a * a, co, -1)


def _weight_tiles(weight: Tensor, m: int) -> Tensor:
    """:func:`_weight_transform` as a pure function: ``G g G^T`` ->
    ((m + 2)^2, C_out, C_in)."""
    g = _TRANSFORMS[m][1]
    rows = _combine(g, [weight[:, :, k] for k in range(3)])
    return torch.stack([
        u for r in rows for u in _combine(g, [r[..., k] for k in range(3)])
    ])


def _weight_tiles_adjoint(gu: Tensor, m: int) -> Tensor:
    """Adjoint of :func:`_weight_tiles` -> (C_out, C_in, 3, 3)."""
    g_t = _transposed(_TRANSFORMS[m][1])
    a = m + 2
    cols = [_combine(g_t, [gu[a * p + q] for q in range(a)])
            for p in range(a)]
    rows = [_combine(g_t, [cols[p][k] for p in range(a)]) for k in range(3)]
    return torch.stack([torch.stack(r, -1) for r in rows], -1)


_fused_fns = {}


def _fused(fn):
    """``fn`` compiled by Inductor, built on first use."""
    if fn not in _fused_fns:
        _fused_fns[fn] = torch.compile(fn, dynamic=False)
    return _fused_fns[fn]


#: Inside :func:`winograd_weight_cache`: id(weight) -> (weakref to it,
#: (its version, tile size, dtype), its transform); None outside.
_weight_cache = None


@contextlib.contextmanager
def winograd_weight_cache():
    """Within it, each Winograd conv transforms its weight once per weight
    update (an in-place change, such as an optimizer step, bumps the
    tensor's version) instead of once per call and once more per input
    gradient: InstaGAN's encoders call each conv 3-6 times per step. The
    transforms are kept until the outermost context exits (at F(4x4,
    3x3), 36 x C_out x C_in floats per conv: ~0.7 GB for InstaGAN's two
    generators). A change that bypasses the version counter (``w.data``
    written in place) must not happen inside it; the training step
    (``BaseTranslationModel.train_step``) enters it."""
    global _weight_cache
    if _weight_cache is not None:  # nested
        yield
        return
    _weight_cache = {}
    try:
        yield
    finally:
        _weight_cache = None


def _cached_weight_tiles(weight: Tensor, m: int, wrap) -> Tensor:
    if _weight_cache is None:
        return wrap(_weight_tiles)(weight, m)
    key = (weight._version, m, weight.dtype)
    hit = _weight_cache.get(id(weight))
    if hit is not None and hit[0]() is weight and hit[1] == key:
        return hit[2]
    u = wrap(_weight_tiles)(weight, m)
    _weight_cache[id(weight)] = (weakref.ref(weight), key, u)
    return u


def _pure_conv(x: Tensor, weight: Tensor, m: int, fused: bool) -> Tensor:
    """The valid, stride-1 3x3 convolution of ``x`` by F(m x m, 3x3) with
    the pure transforms (compiled where ``fused``)."""
    wrap = _fused if fused else (lambda fn: fn)
    n, c, hp, wp = x.shape
    th, tw = _num_tiles(hp, wp, m)
    mt = torch.matmul(_cached_weight_tiles(weight, m, wrap),
                      wrap(_tiles)(x, m),
                      out=_workspace('m', ((m + 2)**2, weight.shape[0],
                                           n * th * tw), x))
    return wrap(_untile)(mt, m, n, hp - 2, wp - 2)


def _pure_grads(x: Tensor, weight: Tensor, grad: Tensor, need_x: bool,
                need_w: bool, m: int, fused: bool):
    """Input and weight gradients of :func:`_pure_conv`: the adjoint
    transforms and three GEMMs per tile position."""
    wrap = _fused if fused else (lambda fn: fn)
    n, c, hp, wp = x.shape
    co = weight.shape[0]
    gm = wrap(_untile_adjoint)(grad, m)
    grad_x = grad_w = None
    if need_w:
        gu = torch.matmul(gm, wrap(_tiles)(x, m).transpose(1, 2),
                          out=_workspace('gu', (gm.shape[0], co, c), grad))
        grad_w = wrap(_weight_tiles_adjoint)(gu, m)
    if need_x:
        u = _cached_weight_tiles(weight, m, wrap)
        gv = torch.matmul(u.transpose(1, 2), gm,
                          out=_workspace('v', (gm.shape[0], c, gm.shape[-1]),
                                         x))
        grad_x = wrap(_tiles_adjoint)(gv, m, n, hp, wp)
    return grad_x, grad_w


_WinogradFunction = conv_function('_WinogradFunction', _winograd_conv,
                                  _winograd_grads)
#: The Functions on the pure transforms, by (tile size, fused).
_pure_functions = {}


def _pure_function(m: int, fused: bool) -> type:
    key = (m, fused)
    if key not in _pure_functions:
        _pure_functions[key] = conv_function(
            f'_WinogradF{m}{"Fused" if fused else ""}Function',
            partial(_pure_conv, m=m, fused=fused),
            partial(_pure_grads, m=m, fused=fused))
    return _pure_functions[key]


#: Whether Inductor compiled the fused transforms on this machine (None:
#: not tried yet).
_fusion_works = None


def _apply(x: Tensor, weight: Tensor, bias, fused: bool, m: int) -> Tensor:
    """The Winograd Function for tile size ``m``, fused where asked for
    and Inductor works (tried once, outside autograd; a failure warns and
    falls back to the eager transforms)."""
    global _fusion_works
    if fused and _fusion_works is None:
        print_log('WinogradConv2d: compiling the fused transforms '
                  '(torch.compile; about a minute on first use, cached on '
                  'disk after)', logger='current')
        try:
            with torch.no_grad():
                _fused(_tiles)(x, m)
            _fusion_works = True
        except Exception as err:  # e.g. no working C++ compiler
            _fusion_works = False
            warnings.warn(f'WinogradConv2d: torch.compile of the fused '
                          f'transforms failed ({type(err).__name__}: '
                          f'{str(err)[:300]}); using the eager transforms '
                          f'(the same results, slower).')
    fused = fused and _fusion_works
    if m > 2 or fused:
        return _pure_function(m, fused).apply(x, weight, bias)
    h, w = x.shape[-2] - 2, x.shape[-1] - 2
    if h % 2 or w % 2:  # the eager F(2, 3) computes whole tiles only
        x = F.pad(x, (0, w % 2, 0, h % 2))
        return _WinogradFunction.apply(x, weight, bias)[..., :h, :w]
    return _WinogradFunction.apply(x, weight, bias)


def _check_tile(tile: int) -> None:
    if tile not in TILES:
        raise ValueError(f'tile must be one of {TILES}, got {tile!r}')


def winograd_conv2d(x: Tensor, weight: Tensor, bias=None,
                    fused: bool = False, tile: int = 2) -> Tensor:
    """``F.conv2d(x, weight, bias)`` for a 3x3 kernel, no padding, stride
    1, computed with F(tile x tile, 3x3) (an output size that is not a
    multiple of ``tile`` is computed on extra zero rows/columns and
    cropped). ``fused``: the transforms compiled by ``torch.compile``
    (falls back to the eager ones, with a warning, where Inductor cannot
    compile). ``tile``: 2 or 4 (:class:`WinogradConv2d`). Double backward
    goes through differentiable convolutions."""
    _check_tile(tile)
    h, w = x.shape[-2] - 2, x.shape[-1] - 2
    if h < 1 or w < 1:
        raise ValueError(f'input {tuple(x.shape)} is smaller than the 3x3 '
                         f'kernel')
    return _apply(x, weight, bias, fused, tile)


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
            2 CPU cores, docs/benchmarks.md). Compiling takes ~1
            minute per input size on first use (cached on disk after);
            without a working C++ compiler it warns once and uses the
            eager transforms. Defaults to False.
        tile (int): Output tile size m of F(m x m, 3x3): 2 (16 products
            per 2x2 outputs, 2.25x fewer than the direct form; float32
            results closer to float64 than the direct form's) or 4 (36
            per 4x4, 4x fewer; float32 error ~1.8x the direct form's by
            norm, ~8x for the input gradient). Defaults to 2.
        **kwargs: ``nn.Conv2d``'s.
    """

    def __init__(self, *args, fused: bool = False, tile: int = 2,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _check_tile(tile)
        self.fused = fused
        self.tile = tile

    def _winograd_applies(self, x: Tensor) -> bool:
        return (cpu_forms_apply(x) and valid_stride1(self)
                and self.kernel_size == (3, 3)
                and self.in_channels >= MIN_WINOGRAD_CHANNELS)

    def forward(self, x: Tensor) -> Tensor:
        if not self._winograd_applies(x):
            return super().forward(x)
        return winograd_conv2d(x, self.weight, self.bias, self.fused,
                               self.tile)
