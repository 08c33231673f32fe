import copy
from functools import partial

import pytest
import torch
import torch.nn.functional as F

from mmi2i.models.archs import (ImagePool, InstanceNorm2d, PatchDiscriminator,
                                ResnetGenerator, SpectralNormConv2d,
                                TapConvTranspose2d, ThinConv2d, WinogradConv2d,
                                build_norm, cpu_forms_in_float64,
                                init_gan_weights, tap_conv_transpose2d,
                                thin_conv2d, winograd_conv2d)


def test_resnet_generator_shapes():
    g = ResnetGenerator(4, 4, base_channels=8, num_blocks=2)
    g.init_weights()
    x = torch.randn(2, 4, 32, 32)
    y = g(x)
    assert y.shape == (2, 4, 32, 32)
    assert y.abs().max() <= 1.0
    # instance norm without affine: no norm parameters at all
    assert not any('norm' in n.lower() for n, _ in g.named_parameters())


def _conv_grads(x, w, b, fn, grad):
    x, w = x.detach().requires_grad_(), w.detach().requires_grad_()
    b = b.detach().requires_grad_() if b is not None else None
    y = fn(x, w, b)
    ins = [t for t in (x, w, b) if t is not None]
    return (y, *torch.autograd.grad(y, ins, grad))


@pytest.mark.parametrize('cin,cout,k,bias', [(6, 1, 7, True),
                                             (5, 3, 3, False)])
def test_thin_conv2d_is_the_convolution(cin, cout, k, bias):
    """Output and all three gradients equal a float64 convolution's (the
    GEMM form only changes the float summation order)."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(2, cin, 13 + k, 11 + k, generator=g)
    w = torch.randn(cout, cin, k, k, generator=g)
    b = torch.randn(cout, generator=g) if bias else None
    grad = torch.randn(2, cout, 14, 12, generator=g)
    got = _conv_grads(x, w, b, thin_conv2d, grad)
    ref = _conv_grads(x.double(), w.double(),
                      b.double() if bias else None, torch.conv2d,
                      grad.double())
    assert got[0].shape == (2, cout, 14, 12)
    for a, r in zip(got, ref):
        assert a.dtype == torch.float32
        assert torch.allclose(a.double(), r, rtol=1e-5, atol=1e-4)


def _check_cpu_only_and_double_backward(conv, ref, x, applies):
    """A CPU convolution form is off for float64 and under autocast, and
    a gradient penalty through it (double backward) gives the weight the
    same second-order gradient as through ``ref`` (an ``nn.Conv2d`` with
    the same state). Inside ``cpu_forms_in_float64`` it runs in float64
    and equals ``ref`` there to 1e-10 (output and gradients)."""
    assert applies(x) and not applies(x.double())
    with cpu_forms_in_float64():
        assert applies(x.double())
        results = []
        for c in (copy.deepcopy(conv).double(), copy.deepcopy(ref).double()):
            xg = x.double().requires_grad_()
            y = c(xg)
            y.square().sum().backward()
            results.append((y, xg.grad, c.weight.grad))
        for got, want in zip(*results):
            torch.testing.assert_close(got, want, rtol=1e-10, atol=1e-10)
    assert not applies(x.double())
    with torch.autocast('cpu', dtype=torch.bfloat16):
        assert not applies(x)
    penalties = []
    for c in (conv, ref):
        xg = x.clone().requires_grad_()
        gx, = torch.autograd.grad(c(xg).square().sum(), xg,
                                  create_graph=True)
        penalties.append(
            torch.autograd.grad(gx.square().sum(), c.weight)[0])
    scale = penalties[1].abs().max()
    assert torch.allclose(penalties[0], penalties[1], rtol=0,
                          atol=1e-5 * scale)


def test_thin_conv2d_module_and_fallbacks():
    torch.manual_seed(0)
    conv = ThinConv2d(8, 1, 7)
    ref = torch.nn.Conv2d(8, 1, 7)
    ref.load_state_dict(conv.state_dict())  # same keys and shapes
    x = torch.randn(1, 8, 20, 20)
    assert conv._gemm_applies(x)
    assert torch.allclose(conv(x), ref(x), atol=1e-5)
    # only the weight needs a gradient (a first layer): no input gradient
    conv(x).sum().backward()
    assert conv.weight.grad.shape == conv.weight.shape
    # shapes the GEMM form does not cover use nn.Conv2d's own forward
    for c in (ThinConv2d(8, 5, 7), ThinConv2d(8, 1, 7, stride=2),
              ThinConv2d(8, 1, 7, padding=3), ThinConv2d(8, 1, 1)):
        assert not c._gemm_applies(x)
        assert torch.equal(c(x), torch.conv2d(x, c.weight, c.bias, c.stride,
                                              c.padding))
    _check_cpu_only_and_double_backward(conv, ref, x, conv._gemm_applies)


def test_thin_conv2d_memory_cap(monkeypatch):
    """Batches whose GEMM intermediate passes the cap are split; an image
    alone above it uses the plain convolution."""
    from mmi2i.models.archs import thin_conv
    torch.manual_seed(0)
    conv = ThinConv2d(4, 1, 3)
    x = torch.randn(5, 4, 10, 10)
    calls = []
    monkeypatch.setattr(
        thin_conv, 'thin_conv2d',
        lambda part, *a: calls.append(len(part)) or torch.conv2d(part, *a))
    monkeypatch.setattr(thin_conv, 'MAX_GEMM_ELEMENTS', 2 * 9 * 100)
    want = torch.conv2d(x, conv.weight, conv.bias)
    torch.testing.assert_close(conv(x), want)
    assert calls == [2, 2, 1]
    monkeypatch.setattr(thin_conv, 'MAX_GEMM_ELEMENTS', 9 * 100 - 1)
    assert not conv._gemm_applies(x)


def test_resnet_generator_output_conv_option():
    """Off by default (earlier runs' results to the bit); on, the same
    function to float rounding with the same state dict."""
    torch.manual_seed(0)
    plain = ResnetGenerator(3, 3, base_channels=8, num_blocks=1)
    assert type(plain.decoder.model[-2]) is torch.nn.Conv2d
    gemm = ResnetGenerator(3, 3, base_channels=8, num_blocks=1,
                           gemm_output_conv=True)
    assert isinstance(gemm.decoder.model[-2], ThinConv2d)
    gemm.load_state_dict(plain.state_dict())
    x = torch.randn(2, 3, 32, 32)
    torch.testing.assert_close(gemm(x), plain(x), atol=1e-5, rtol=0)


@pytest.mark.parametrize('tile', [2, 4])
@pytest.mark.parametrize('n,cin,cout,h,w,bias', [(2, 5, 7, 10, 12, True),
                                                 (1, 4, 3, 9, 7, False),
                                                 (1, 3, 2, 1, 1, True)])
def test_winograd_conv2d_is_the_convolution(n, cin, cout, h, w, bias, tile):
    """Output and all three gradients equal a float64 convolution's, for
    output sizes that are and are not multiples of the tile (F(m x m,
    3x3) is exact in real arithmetic; only float rounding differs)."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, cin, h + 2, w + 2, generator=g)
    wt = torch.randn(cout, cin, 3, 3, generator=g)
    b = torch.randn(cout, generator=g) if bias else None
    grad = torch.randn(n, cout, h, w, generator=g)
    got = _conv_grads(x, wt, b, partial(winograd_conv2d, tile=tile), grad)
    ref = _conv_grads(x.double(), wt.double(),
                      b.double() if bias else None, torch.conv2d,
                      grad.double())
    assert got[0].shape == (n, cout, h, w)
    for a, r in zip(got, ref):
        assert a.dtype == torch.float32
        assert torch.allclose(a.double(), r, rtol=1e-5, atol=1e-4)
    with pytest.raises(ValueError, match='smaller than the 3x3'):
        winograd_conv2d(x[..., :2, :], wt, tile=tile)
    with pytest.raises(ValueError, match=r'tile must be one of \(2, 4\), '
                       'got 3'):
        winograd_conv2d(x, wt, tile=3)


def test_winograd_conv2d_float32_error():
    """Float32 error against float64 (a 256-channel conv, a residual
    block's): F(2x2, 3x3) below the direct convolution's, F(4x4, 3x3)
    under twice it by norm and about equal at the maximum (the numbers in
    WinogradConv2d's docstring and configs/instagan/README.md)."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(1, 256, 34, 34, generator=g, dtype=torch.float64)
    w = torch.randn(256, 256, 3, 3, generator=g, dtype=torch.float64) * (
        2 / (9 * 256))**0.5
    ref = torch.conv2d(x, w)

    def err(y):
        d = y.double() - ref
        return (d.norm() / ref.norm()).item(), (d.abs().max() /
                                                ref.abs().max()).item()

    direct = err(torch.conv2d(x.float(), w.float()))
    f2 = err(winograd_conv2d(x.float(), w.float(), tile=2))
    f4 = err(winograd_conv2d(x.float(), w.float(), tile=4))
    assert f2[0] < direct[0] and f2[1] < direct[1]
    assert direct[0] < f4[0] < 2 * direct[0]
    assert f4[1] < 1.5 * direct[1]


def test_winograd_weight_cache(monkeypatch):
    """Inside ``winograd_weight_cache`` a weight is transformed once per
    version (calls and input gradients reuse it; an optimizer step makes
    a new one), results stay exact; outside it, nothing is kept."""
    from mmi2i.models.archs import winograd_conv, winograd_weight_cache
    calls = []
    transform = winograd_conv._weight_tiles
    monkeypatch.setattr(winograd_conv, '_weight_tiles',
                        lambda w, m: calls.append(m) or transform(w, m))
    torch.manual_seed(0)
    w = torch.nn.Parameter(torch.randn(6, 5, 3, 3))
    x = torch.randn(2, 5, 11, 9, requires_grad=True)
    opt = torch.optim.SGD([w], lr=1e-3)
    outs = []
    with winograd_weight_cache():
        for _ in range(2):
            ys = [winograd_conv2d(x, w, tile=4) for _ in range(3)]
            want = torch.conv2d(x, w)
            tol = 1e-5 * want.abs().max()
            assert (ys[0] - want).abs().max() < tol  # not the old weights
            outs.append(ys[0].detach())
            opt.zero_grad()
            sum(y.square().sum() for y in ys).backward()
            opt.step()  # in place: a new version
        with winograd_weight_cache():  # nested: the outer one keeps it
            winograd_conv2d(x, w, tile=4)
        assert len(winograd_conv._weight_cache) == 1
        assert calls == [4, 4, 4]
    assert (outs[1] - outs[0]).abs().max() > 100 * tol
    assert winograd_conv._weight_cache is None
    winograd_conv2d(x, w, tile=4)
    winograd_conv2d(x, w, tile=4)
    assert calls == [4, 4, 4, 4, 4]


def test_winograd_conv2d_fused_transforms(monkeypatch):
    """The transforms compiled by torch.compile compute the same function
    (output and gradients against float64, even and odd sizes); where
    Inductor cannot compile (no C++ compiler), it warns once and uses the
    eager transforms."""
    import torch._inductor.config as inductor_config

    from mmi2i.models.archs import winograd_conv
    monkeypatch.setattr(winograd_conv, '_fusion_works', None)
    g = torch.Generator().manual_seed(0)
    for h, w, tile in ((6, 8, 2), (5, 3, 2), (6, 8, 4)):
        x = torch.randn(2, 5, h + 2, w + 2, generator=g)
        wt = torch.randn(7, 5, 3, 3, generator=g)
        b = torch.randn(7, generator=g)
        grad = torch.randn(2, 7, h, w, generator=g)
        got = _conv_grads(x, wt, b,
                          partial(winograd_conv2d, fused=True, tile=tile),
                          grad)
        assert winograd_conv._fusion_works is True
        ref = _conv_grads(x.double(), wt.double(), b.double(),
                          torch.conv2d, grad.double())
        for a, r in zip(got, ref):
            assert torch.allclose(a.double(), r, rtol=1e-5, atol=1e-4)
    # a machine whose C++ compiler does not run (a shape not compiled yet)
    monkeypatch.setattr(winograd_conv, '_fusion_works', None)
    monkeypatch.setattr(winograd_conv, '_fused_fns', {})
    monkeypatch.setattr(inductor_config.cpp, 'cxx', ('/nonexistent/c++', ))
    monkeypatch.setattr(inductor_config, 'fx_graph_cache', False)
    torch._dynamo.reset()
    x = torch.randn(1, 3, 9, 11, generator=g)
    with pytest.warns(UserWarning, match='using the eager transforms'):
        y = winograd_conv2d(x, wt[:, :3], fused=True)
    assert winograd_conv._fusion_works is False
    torch.testing.assert_close(y, torch.conv2d(x, wt[:, :3]), atol=1e-4,
                               rtol=1e-5)
    torch._dynamo.reset()


def test_winograd_conv2d_scratch_does_not_leak():
    """Its scratch tensors are reused across calls and are per thread:
    an output stays valid after later calls, and two threads convolving
    at once both get their own results."""
    import threading
    g = torch.Generator().manual_seed(0)
    xs = [torch.randn(1, 16, 42, 42, generator=g) for _ in range(4)]
    w = torch.randn(8, 16, 3, 3, generator=g)
    want = [torch.conv2d(x, w) for x in xs]
    first = winograd_conv2d(xs[0], w)
    winograd_conv2d(xs[1], w)
    torch.testing.assert_close(first, want[0], atol=1e-4, rtol=1e-5)
    # scratch made in inference mode (a new size) is not reused outside it
    small = xs[0][..., :20, :20]
    with torch.inference_mode():
        winograd_conv2d(small, w)
    torch.testing.assert_close(winograd_conv2d(small, w),
                               torch.conv2d(small, w), atol=1e-4, rtol=1e-5)
    wrong = []

    def run(i):
        for _ in range(50):
            if not torch.allclose(winograd_conv2d(xs[i], w), want[i],
                                  rtol=1e-5, atol=1e-4):
                wrong.append(i)

    threads = [threading.Thread(target=run, args=(i, )) for i in (2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not wrong


def test_winograd_conv2d_module_and_fallbacks(monkeypatch):
    from mmi2i.models.archs import winograd_conv
    torch.manual_seed(0)
    monkeypatch.setattr(winograd_conv, 'MIN_WINOGRAD_CHANNELS', 8)
    conv = WinogradConv2d(8, 6, 3)
    ref = torch.nn.Conv2d(8, 6, 3)
    ref.load_state_dict(conv.state_dict())  # same keys and shapes
    x = torch.randn(2, 8, 12, 10)
    assert conv._winograd_applies(x)
    y = conv(x)
    assert 'Winograd' in type(y.grad_fn).__name__
    assert torch.allclose(y, ref(x), atol=1e-5)
    # shapes and settings it does not cover use nn.Conv2d's own forward
    for c in (WinogradConv2d(8, 6, 3, stride=2),
              WinogradConv2d(8, 6, 3, padding=1), WinogradConv2d(8, 6, 5),
              WinogradConv2d(8, 6, 3, dilation=2), WinogradConv2d(7, 6, 3),
              WinogradConv2d(8, 6, 3, groups=2)):
        xc = x[:, :c.in_channels]
        assert not c._winograd_applies(xc)
        assert torch.equal(
            c(xc), torch.conv2d(xc, c.weight, c.bias, c.stride, c.padding,
                                c.dilation, c.groups))
    _check_cpu_only_and_double_backward(conv, ref, x,
                                        conv._winograd_applies)


def test_resnet_generator_winograd_option(monkeypatch):
    """Off by default (earlier runs' results to the bit); on, the residual
    blocks' convs are Winograd ones at or above the channel threshold, the
    same function to float rounding with the same state dict."""
    from mmi2i.models.archs import winograd_conv
    torch.manual_seed(0)
    plain = ResnetGenerator(3, 3, base_channels=4, num_blocks=2)
    convs = [m for m in plain.modules() if isinstance(m, torch.nn.Conv2d)]
    assert all(type(m) in (torch.nn.Conv2d, torch.nn.ConvTranspose2d)
               for m in convs)
    wino = ResnetGenerator(3, 3, base_channels=4, num_blocks=2,
                           winograd_conv=True)
    blocks = [m for m in wino.modules() if isinstance(m, WinogradConv2d)]
    assert len(blocks) == 4 and all(b.in_channels == 16 for b in blocks)
    assert not any(b.fused for b in blocks)
    fused = ResnetGenerator(3, 3, base_channels=4, num_blocks=2,
                            winograd_conv='fused')
    assert [m.fused for m in fused.modules()
            if isinstance(m, WinogradConv2d)] == [True] * 4
    with pytest.raises(ValueError, match="winograd_conv must be False, "
                       "True, 'fused' or a dict"):
        ResnetGenerator(3, 3, base_channels=4, winograd_conv='yes')
    with pytest.raises(ValueError, match=r"unknown keys \['tiles'\]"):
        ResnetGenerator(3, 3, base_channels=4, winograd_conv=dict(tiles=4))
    with pytest.raises(ValueError, match='tile must be one of'):
        ResnetGenerator(3, 3, base_channels=4, winograd_conv=dict(tile=3))
    f4 = ResnetGenerator(3, 3, base_channels=4, num_blocks=2,
                         winograd_conv=dict(fused=False, tile=4))
    assert [(m.fused, m.tile) for m in f4.modules()
            if isinstance(m, WinogradConv2d)] == [(False, 4)] * 4
    wino.load_state_dict(plain.state_dict())
    x = torch.randn(2, 3, 20, 20)
    # below the threshold (16 < 256 channels) it is nn.Conv2d to the bit
    assert torch.equal(wino(x), plain(x))
    monkeypatch.setattr(winograd_conv, 'MIN_WINOGRAD_CHANNELS', 16)
    out = wino(x)
    assert not torch.equal(out, plain(x))
    torch.testing.assert_close(out, plain(x), atol=1e-5, rtol=0)


def test_resnet_generator_tap_conv_transpose_option(monkeypatch):
    """Off by default; on, the 3x3 up-sampling convs are tap ones: the
    same outputs to the bit, weight gradients to float rounding, the same
    state dict. StarGAN's 4x4 kernels keep nn.ConvTranspose2d."""
    from mmi2i.models.archs import tap_conv_transpose
    torch.manual_seed(0)
    monkeypatch.setattr(tap_conv_transpose, 'MIN_TAP_CHANNELS', 8)
    plain = ResnetGenerator(3, 3, base_channels=4, num_blocks=1)
    tap = ResnetGenerator(3, 3, base_channels=4, num_blocks=1,
                          tap_conv_transpose=True)
    ups = [m for m in tap.modules() if isinstance(m, TapConvTranspose2d)]
    assert [m.in_channels for m in ups] == [16, 8]
    assert not any(
        isinstance(m, TapConvTranspose2d) for m in plain.modules())
    assert not any(
        isinstance(m, TapConvTranspose2d)
        for m in ResnetGenerator(3, 3, base_channels=4, num_blocks=1,
                                 sample_kernel=4,
                                 tap_conv_transpose=True).modules())
    tap.load_state_dict(plain.state_dict())
    x = torch.randn(2, 3, 16, 16)
    outs = [net(x) for net in (tap, plain)]
    assert torch.equal(outs[0], outs[1])
    grads = [
        torch.autograd.grad(o.square().sum(), net.decoder.model[0].weight)[0]
        for o, net in zip(outs, (tap, plain))
    ]
    torch.testing.assert_close(grads[0], grads[1], atol=1e-5, rtol=1e-5)


def _conv_transpose_s2(x, w, b=None):
    return torch.conv_transpose2d(x, w, b, stride=2, padding=1,
                                  output_padding=1)


@pytest.mark.parametrize('n,cin,cout,h,w,bias', [(2, 5, 7, 6, 4, True),
                                                 (1, 4, 3, 3, 5, False),
                                                 (1, 3, 2, 1, 1, True)])
def test_tap_conv_transpose2d_is_the_convolution(n, cin, cout, h, w, bias):
    """Output and all three gradients equal a float64 transposed
    convolution's, over a batch and odd, non-square and 1-pixel inputs
    (every tap's border case)."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, cin, h, w, generator=g)
    wt = torch.randn(cin, cout, 3, 3, generator=g)
    b = torch.randn(cout, generator=g) if bias else None
    grad = torch.randn(n, cout, 2 * h, 2 * w, generator=g)
    got = _conv_grads(x, wt, b, tap_conv_transpose2d, grad)
    ref = _conv_grads(x.double(), wt.double(),
                      b.double() if bias else None, _conv_transpose_s2,
                      grad.double())
    assert got[0].shape == (n, cout, 2 * h, 2 * w)
    for a, r in zip(got, ref):
        assert a.dtype == torch.float32
        assert torch.allclose(a.double(), r, rtol=1e-5, atol=1e-4)
    # the forward pass and the input gradient are oneDNN's, to the bit
    plain = _conv_grads(x, wt, b, _conv_transpose_s2, grad)
    assert torch.equal(got[0], plain[0]) and torch.equal(got[1], plain[1])


def test_tap_conv_transpose2d_module_and_fallbacks(monkeypatch):
    from mmi2i.models.archs import tap_conv_transpose
    torch.manual_seed(0)
    monkeypatch.setattr(tap_conv_transpose, 'MIN_TAP_CHANNELS', 8)
    conv = TapConvTranspose2d(8, 6, 3, 2, 1, 1)
    ref = torch.nn.ConvTranspose2d(8, 6, 3, 2, 1, 1)
    ref.load_state_dict(conv.state_dict())  # same keys and shapes
    x = torch.randn(2, 8, 5, 7)
    assert conv._tap_applies(x)
    y = conv(x)
    assert 'TapConvTranspose' in type(y.grad_fn).__name__
    assert torch.equal(y, ref(x))
    y.square().sum().backward()
    ref(x).square().sum().backward()
    torch.testing.assert_close(conv.weight.grad, ref.weight.grad,
                               atol=1e-5, rtol=1e-5)
    # geometries and settings it does not cover use the module's own
    # forward (output_size too)
    for c in (TapConvTranspose2d(8, 6, 3, 2, 1),
              TapConvTranspose2d(8, 6, 4, 2, 1),
              TapConvTranspose2d(8, 6, 3, 1, 1),
              TapConvTranspose2d(8, 6, 3, 2, 1, 1, groups=2),
              TapConvTranspose2d(7, 6, 3, 2, 1, 1)):
        xc = x[:, :c.in_channels]
        assert not c._tap_applies(xc)
        assert 'TapConvTranspose' not in type(c(xc).grad_fn).__name__
    assert 'TapConvTranspose' not in type(
        conv(x, output_size=(10, 14)).grad_fn).__name__
    _check_cpu_only_and_double_backward(conv, ref, x, conv._tap_applies)


def test_patch_discriminator():
    d = PatchDiscriminator(3, base_channels=8, num_conv=3)
    assert d(torch.randn(1, 3, 64, 64)).shape == (1, 1, 6, 6)
    d = PatchDiscriminator(3, base_channels=8, with_spectral_norm=True,
                           norm_cfg=None)
    d.init_weights()
    names = [n for n, _ in d.named_parameters()]
    assert all(n.endswith(('weight_orig', 'bias')) for n in names)


def test_spectral_norm_conv_is_torch_spectral_norm():
    """Same draws, keys, power iteration and (in float64) function and
    gradients as nn.utils.spectral_norm(nn.Conv2d), with two calls
    before one backward (D(real) - D(fake))."""
    torch.manual_seed(0)
    ref = torch.nn.utils.spectral_norm(torch.nn.Conv2d(6, 5, 4, 2, 1))
    torch.manual_seed(0)
    conv = SpectralNormConv2d(6, 5, 4, 2, 1)
    assert list(conv.state_dict()) == list(ref.state_dict())
    assert not hasattr(conv, 'weight')
    for key, value in ref.state_dict().items():
        assert torch.equal(conv.state_dict()[key], value)
    ref.double()
    conv.double()
    x = torch.randn(2, 6, 9, 9, dtype=torch.float64)
    for train in (True, True, False):
        ref.train(train)
        conv.train(train)
        outs = []
        for m in (ref, conv):
            m.zero_grad()
            xi = x.clone().requires_grad_()
            loss = m(xi).square().mean() - m(xi.flip(-1)).mean()
            loss.backward()
            outs.append((loss, xi.grad, m.weight_orig.grad, m.bias.grad))
        for got, want in zip(outs[1], outs[0]):
            torch.testing.assert_close(got, want, rtol=1e-12, atol=1e-12)
        for buf in ('weight_u', 'weight_v'):
            assert torch.equal(getattr(conv, buf), getattr(ref, buf))
    u = conv.weight_u.clone()
    conv(x)
    assert torch.equal(conv.weight_u, u)  # eval: no power iteration
    torch.testing.assert_close(conv.normalized_weight(), ref.weight)
    # differentiable through sigma, as torch's weight
    ref(x)  # (eval: recomputes ref.weight without a power-iteration step)
    (g_ref, ) = torch.autograd.grad(ref.weight.sum(), ref.weight_orig)
    (g, ) = torch.autograd.grad(conv.normalized_weight().sum(),
                                conv.weight_orig)
    torch.testing.assert_close(g, g_ref)
    # checkpoints load both ways; init writes the raw weight
    conv.load_state_dict(ref.state_dict())
    init_gan_weights(conv, 'normal', 0.5)
    assert 0.3 < float(conv.weight_orig.std()) < 0.7
    with pytest.raises(ValueError, match='n_power_iterations'):
        SpectralNormConv2d(2, 2, 3, n_power_iterations=0)


class _AuthorsSpectralNormConv(torch.nn.Module):
    """The InstaGAN authors' spectral norm around a conv, written from
    its description: u, v are parameters whose ``.data`` the power
    iteration replaces at every call, so a backward over several calls
    sees the latest vectors."""

    def __init__(self, conv: SpectralNormConv2d) -> None:
        super().__init__()
        self.w_bar = torch.nn.Parameter(conv.weight_orig.detach().clone())
        self.bias = torch.nn.Parameter(conv.bias.detach().clone())
        self.u = torch.nn.Parameter(conv.weight_u.clone(), False)
        self.v = torch.nn.Parameter(conv.weight_v.clone(), False)
        self.stride, self.padding = conv.stride, conv.padding

    def forward(self, x):
        mat = self.w_bar.view(self.w_bar.shape[0], -1)
        v = mat.data.t().mv(self.u.data)
        self.v.data = v / (v.norm() + 1e-12)
        u = mat.data.mv(self.v.data)
        self.u.data = u / (u.norm() + 1e-12)
        sigma = self.u.dot(mat.mv(self.v))
        return F.conv2d(x, self.w_bar / sigma, self.bias, self.stride,
                        self.padding)


def test_spectral_norm_conv_latest_vectors_as_the_authors():
    """sigma_grad_vectors='latest': values as 'own', gradients as the
    authors' spectral norm over two calls before one backward (float64);
    'own' gives another weight gradient there."""
    torch.manual_seed(0)
    latest = SpectralNormConv2d(3, 8, 4, 2, 1,
                                sigma_grad_vectors='latest').double()
    own = SpectralNormConv2d(3, 8, 4, 2, 1).double()
    own.load_state_dict(latest.state_dict())
    ref = _AuthorsSpectralNormConv(latest)
    x = torch.randn(2, 3, 10, 10, dtype=torch.float64)
    outs = []
    for m in (ref, latest, own):
        xi = x.clone().requires_grad_()
        loss = m(xi).square().mean() - m(xi.flip(-1)).mean()
        loss.backward()
        w = m.w_bar if m is ref else m.weight_orig
        outs.append((loss, xi.grad, w.grad, m.bias.grad))
    for got, want in zip(outs[1], outs[0]):
        torch.testing.assert_close(got, want, rtol=1e-10, atol=1e-12)
    torch.testing.assert_close(latest.weight_u, ref.u.detach(), rtol=1e-10,
                               atol=1e-12)
    torch.testing.assert_close(outs[2][0], outs[1][0], rtol=1e-12, atol=0)
    assert not torch.allclose(outs[2][2], outs[1][2], rtol=1e-6, atol=0)
    with pytest.raises(ValueError, match='sigma_grad_vectors'):
        SpectralNormConv2d(2, 2, 3, sigma_grad_vectors='last')


def test_build_norm_errors():
    with pytest.raises(ValueError, match='norm type'):
        build_norm('GN', 4)
    assert isinstance(build_norm('none', 4), torch.nn.Identity)


@pytest.mark.parametrize('affine', [False, True])
def test_instance_norm_is_nn_instance_norm_without_a_view(affine):
    """Same values and gradients as nn.InstanceNorm2d to the bit, with
    an in-place ReLU after it, but no view for autograd (so no
    CopySlices/AsStrided copies in the backward)."""
    torch.manual_seed(0)
    ref = torch.nn.InstanceNorm2d(5, affine=affine)
    norm = InstanceNorm2d(5, affine=affine)
    if affine:
        for p in ref.parameters():
            torch.nn.init.normal_(p)
        norm.load_state_dict(ref.state_dict())
    x = torch.randn(3, 5, 6, 7)
    outs, grads = [], []
    for m in (ref, norm):
        xi = x.clone().requires_grad_()
        y = torch.relu_(m(xi * 2))
        assert y._is_view() == (m is ref)
        (y * torch.arange(y.numel()).view_as(y)).sum().backward()
        outs.append(y.detach())
        grads.append([xi.grad] + [p.grad for p in m.parameters()])
        # the in-place ReLU on a view is replayed through the base
        assert (y.grad_fn.name() == 'ReluBackward0') == (m is norm)
    assert torch.equal(outs[0], outs[1])
    for g_ref, g in zip(*grads):
        assert torch.equal(g_ref, g)
    # unbatched input and running statistics: nn.InstanceNorm2d's own path
    assert torch.equal(norm(x[0]), ref(x[0]))
    tracked = InstanceNorm2d(5, track_running_stats=True)
    tracked(x)
    assert not torch.equal(tracked.running_mean, torch.zeros(5))
    assert isinstance(build_norm('IN', 4), InstanceNorm2d)


def test_image_pool_behaviour_and_state():
    assert ImagePool(0).query(torch.ones(2, 1))[0].sum() == 2
    pool = ImagePool(pool_size=3, seed=0)
    for i in range(3):  # fills up, returns the input
        out, = pool.query(torch.full((1, 1), float(i)))
        assert out.item() == i
    outs = [pool.query(torch.full((1, 1), 10. + i))[0].item()
            for i in range(20)]
    assert any(o < 10 for o in outs) and any(o >= 10 for o in outs)

    state = pool.state_dict()
    clone = ImagePool(pool_size=3, seed=123)
    clone.load_state_dict(state)
    for i in range(10):
        x = torch.full((1, 1), 100. + i)
        assert torch.equal(pool.query(x)[0], clone.query(x)[0])


def test_image_pool_tuples_and_shape_check():
    pool = ImagePool(pool_size=4)
    img, masks = pool.query(torch.zeros(2, 3, 4, 4), torch.ones(2, 2, 4, 4))
    assert img.shape == (2, 3, 4, 4) and masks.shape == (2, 2, 4, 4)
    with pytest.raises(ValueError, match='shape'):
        pool.query(torch.zeros(1, 3, 5, 5), torch.ones(1, 2, 4, 4))


def test_adain_by_hand():
    from mmi2i.models.archs import adain
    x = torch.tensor([[[[1.0, 3.0], [1.0, 3.0]], [[0.0, 0.0], [4.0, 4.0]]]])
    mean = torch.tensor([[10.0, -1.0]])
    std = torch.tensor([[2.0, 0.5]])
    out = adain(x, mean, std, eps=0.0)
    # each channel: mean 2 / std 1 -> normalized to -1, +1
    expected = torch.tensor([[[[8.0, 12.0], [8.0, 12.0]],
                              [[-1.5, -1.5], [-0.5, -0.5]]]])
    torch.testing.assert_close(out, expected)


def test_style_mlp_parameter_split():
    from mmi2i.models.archs import AdaINDecoder, split_adain_params
    params = torch.arange(2 * 10, dtype=torch.float).view(2, 10)
    (m1, s1), (m2, s2) = split_adain_params(params, [2, 3])
    assert m1.tolist() == [[0, 1], [10, 11]]
    assert s1.tolist() == [[2, 3], [12, 13]]
    assert m2.tolist() == [[4, 5, 6], [14, 15, 16]]
    assert s2.tolist() == [[7, 8, 9], [17, 18, 19]]
    with pytest.raises(ValueError, match='need 10'):
        split_adain_params(params[:, :9], [2, 3])
    dec = AdaINDecoder(content_channels=16, style_dim=4, num_res=2,
                       mlp_dim=8)
    # 2 residual blocks x 2 AdaIN layers x (mean, std) x 16 channels
    assert dec.mlp[-1].out_features == 2 * 2 * 2 * 16
    dec.init_weights()
    content = torch.randn(1, 16, 8, 8)
    a = dec(content, torch.zeros(1, 4))
    b = dec(content, torch.ones(1, 4))
    assert a.shape == (1, 3, 32, 32) and (a - b).abs().max() > 0


def test_content_style_encoders_and_multiscale_discriminator():
    from mmi2i.models.archs import (AttributeEncoder, ContentEncoder,
                                    MsImageDiscriminator, StyleEncoder)
    x = torch.randn(2, 3, 32, 32)
    enc = ContentEncoder(base_channels=8, num_downsample=2, num_res=1)
    assert enc(x).shape == (2, 32, 8, 8) and enc.out_channels == 32
    assert StyleEncoder(base_channels=8, style_dim=5)(x).shape == (2, 5)
    mu, logvar = AttributeEncoder(base_channels=8, style_dim=5)(x)
    assert mu.shape == logvar.shape == (2, 5)
    d = MsImageDiscriminator(base_channels=8, num_layers=2, num_scales=3)
    outs = d(x)
    assert [o.shape[-1] for o in outs] == [8, 4, 2]
