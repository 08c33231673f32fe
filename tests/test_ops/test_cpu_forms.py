"""The CPU forms of convolutions (mmi2i.ops.cpu): each equals its PyTorch
layer (float64 to 1e-10, float32 to rounding), falls back where it does
not apply, and the switch puts exactly the eligible layers in them."""
import copy
from functools import partial

import pytest
import torch

from mmi2i.models.archs import ResnetGenerator
from mmi2i.ops.cpu import (TapConvTranspose2d, ThinConv2d, WinogradConv2d,
                           cpu_forms_in_float64, tap_conv_transpose2d,
                           thin_conv2d, winograd_conv2d)


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
    from mmi2i.ops.cpu import thin_conv
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
    block's), by norm and at the maximum: both tiles at float32's level
    for 2304-term sums (F(2x2, 3x3) below 1e-6, F(4x4, 3x3) below 5e-6 by
    norm and 1e-5 at the maximum; measured 3.6-4.9e-7 and 1.5-2.1e-6 by
    norm on two machines), F(2x2) the more accurate. The direct
    convolution's own error depends on the CPU's oneDNN kernel (8.6e-7 on
    one machine, 2.3e-7 on another), so it is printed, not compared."""
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
    print(f'float32 error by norm / max: direct {direct}, F(2x2) {f2}, '
          f'F(4x4) {f4}')
    assert f2[0] < 1e-6 and f2[1] < 1e-6
    assert f4[0] < 5e-6 and f4[1] < 1e-5
    assert f2[0] < f4[0]


def test_winograd_weight_cache(monkeypatch):
    """Inside ``winograd_weight_cache`` a weight is transformed once per
    version (calls and input gradients reuse it; an optimizer step makes
    a new one), results stay exact; outside it, nothing is kept."""
    from mmi2i.ops.cpu import winograd_conv, winograd_weight_cache
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

    from mmi2i.ops.cpu import winograd_conv
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
    from mmi2i.ops.cpu import winograd_conv
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
    from mmi2i.ops.cpu import tap_conv_transpose
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


def _lower_thresholds(monkeypatch):
    """Let the 16-channel test networks reach the forms' channel
    thresholds (256 at real size)."""
    from mmi2i.ops.cpu import switch
    monkeypatch.setattr(switch, 'MIN_WINOGRAD_CHANNELS', 16)
    monkeypatch.setattr(switch, 'MIN_TAP_CHANNELS', 16)
    from mmi2i.ops.cpu import tap_conv_transpose, winograd_conv
    monkeypatch.setattr(winograd_conv, 'MIN_WINOGRAD_CHANNELS', 16)
    monkeypatch.setattr(tap_conv_transpose, 'MIN_TAP_CHANNELS', 16)


def test_apply_cpu_forms_swaps_exactly_the_eligible_layers(monkeypatch):
    """The residual-block convs become Winograd, the output conv thin,
    the 3x3 up-sampling convs tap; everything else (the strided and 7x7
    input convs, StarGAN's 4x4 transposed convs) stays. The parameter
    objects, the state dict and the function (to float rounding) stay."""
    from mmi2i.ops.cpu import apply_cpu_forms
    _lower_thresholds(monkeypatch)
    torch.manual_seed(0)
    net = ResnetGenerator(3, 3, base_channels=8, num_blocks=2)
    plain = copy.deepcopy(net)
    params = list(net.parameters())
    keys = list(net.state_dict())
    x = torch.randn(2, 3, 20, 20)
    counts = apply_cpu_forms(net, True)
    assert counts == dict(WinogradConv2d=4, ThinConv2d=1,
                          TapConvTranspose2d=2)
    assert list(net.parameters()) == params  # the same objects
    assert list(net.state_dict()) == keys
    assert [(m.tile, m.fused) for m in net.modules()
            if isinstance(m, WinogradConv2d)] == [(4, True)] * 4
    assert type(net.encoder.model[1]) is torch.nn.Conv2d  # 7x7, 3 -> 8
    torch.testing.assert_close(net(x), plain(x), atol=1e-5, rtol=0)
    assert apply_cpu_forms(net, True) == {}  # already in their forms
    # StarGAN's 4x4 up-sampling convs have no tap form
    star = ResnetGenerator(3, 3, base_channels=8, num_blocks=1,
                           sample_kernel=4)
    assert 'TapConvTranspose2d' not in apply_cpu_forms(star, True)
    # a subset and other settings
    net2 = copy.deepcopy(plain)
    assert apply_cpu_forms(
        net2, dict(winograd=dict(tile=2, fused=False))) == dict(
            WinogradConv2d=4)
    assert [(m.tile, m.fused) for m in net2.modules()
            if isinstance(m, WinogradConv2d)] == [(2, False)] * 4
    assert apply_cpu_forms(copy.deepcopy(plain), False) == {}


def test_cpu_forms_never_touch_subclasses():
    from mmi2i.models.archs import SpectralNormConv2d
    from mmi2i.ops.cpu import apply_cpu_forms
    net = torch.nn.Sequential(SpectralNormConv2d(8, 1, 3))
    assert apply_cpu_forms(net, True) == {}
    assert type(net[0]) is SpectralNormConv2d


@pytest.mark.parametrize('convs,match', [
    ('yes', 'convs must be True, False or a dict'),
    (dict(winogrd=True), "unknown form 'winogrd'"),
    (dict(winograd=dict(tiles=4)), r"unknown settings \['tiles'\]"),
    (dict(winograd=dict(tile=3)), r'tile must be one of \(2, 4\)'),
    (dict(thin=dict(x=1)), r"convs.thin: unknown settings \['x'\]"),
    (dict(tap=1), 'convs.tap must be True, False or a dict'),
])
def test_resolve_conv_forms_errors(convs, match):
    from mmi2i.engine.hooks import CPUSpeedHook
    from mmi2i.ops.cpu import resolve_conv_forms
    with pytest.raises(ValueError, match=match):
        resolve_conv_forms(convs)
    with pytest.raises(ValueError, match=match):  # a config fails early
        CPUSpeedHook(convs=convs)


class _Runner:

    def __init__(self, model):
        self.model = model


def test_cpu_speed_hook_applies_forms_and_the_step_cache(monkeypatch):
    """On a CPU model: the forms when training starts (logged), the
    per-step weight cache around each iteration and not outside it."""
    from mmengine.logging import MMLogger

    from mmi2i.engine.hooks import CPUSpeedHook
    from mmi2i.ops.cpu import winograd_conv
    _lower_thresholds(monkeypatch)
    MMLogger.get_instance('mmi2i_test_cpu_speed')
    net = ResnetGenerator(3, 3, base_channels=4, num_blocks=1)
    hook = CPUSpeedHook(convs=True, allocator=False)
    runner = _Runner(net)
    hook.before_train(runner)
    assert sum(isinstance(m, WinogradConv2d) for m in net.modules()) == 2
    assert winograd_conv._weight_cache is None
    hook.before_train_iter(runner, 0)
    assert winograd_conv._weight_cache == {}
    net(torch.randn(1, 3, 16, 16))
    assert len(winograd_conv._weight_cache) == 2  # one per conv weight
    hook.after_train_iter(runner, 0)
    assert winograd_conv._weight_cache is None
    # off: nothing swapped, no cache
    net = ResnetGenerator(3, 3, base_channels=4, num_blocks=1)
    hook = CPUSpeedHook(convs=False, allocator=False)
    hook.before_train(_Runner(net))
    hook.before_train_iter(_Runner(net), 0)
    assert winograd_conv._weight_cache is None
    assert all(type(m) in (torch.nn.Conv2d, torch.nn.ConvTranspose2d)
               for m in net.modules() if isinstance(m, torch.nn.Conv2d))


def test_cpu_speed_hook_does_nothing_on_other_devices(monkeypatch):
    from mmi2i.engine.hooks import CPUSpeedHook
    _lower_thresholds(monkeypatch)
    net = ResnetGenerator(3, 3, base_channels=4, num_blocks=1)
    monkeypatch.setattr(
        torch.nn.Module, 'parameters',
        lambda self, recurse=True: iter([torch.empty(0, device='meta')]))
    hook = CPUSpeedHook(convs=True, allocator=True)
    hook.before_train(_Runner(net))
    monkeypatch.undo()
    assert not any(isinstance(m, (WinogradConv2d, ThinConv2d))
                   for m in net.modules())
    assert not hook._active


def test_instagan_configs_name_the_switch():
    """InstaGAN's configs turn the forms on through the hook; other
    methods' configs keep the direct convolutions (their toy results)."""
    from mmengine.config import Config

    from utils import REPO
    insta = Config.fromfile(f'{REPO}/configs/instagan/sheep2giraffe.py')
    assert insta.default_hooks.cpu_speed == dict(
        type='CPUSpeedHook', convs=True, allocator=True)
    cyc = Config.fromfile(f'{REPO}/configs/cyclegan/sheep2giraffe.py')
    assert cyc.default_hooks.cpu_speed.convs is False
