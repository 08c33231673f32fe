"""The MUNIT authors' released generators load into mmi2i and give the
same translations for the same style code.

The modules below reproduce the structure and state-dict layout of the
authors' ``AdaINGen`` (NVlabs/MUNIT ``networks.py``: ``Conv2dBlock`` with
``pad``/``conv``/``norm``, ``ResBlocks`` of ``ResBlock``, an MLP of
``LinearBlock`` whose output is assigned to the AdaIN layers in module
order, means first), so files with the official key layout are made here
without downloading anything.
"""
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from mmi2i.apis import init_model
from mmi2i.datasets.io import DataError
from utils import load_tool, tiny_cfg

DIM, STYLE, MLP_DIM, N_RES = 8, 8, 16, 1


class _LayerNorm(nn.Module):  # MUNIT's: (x - mean) / (std + eps)

    def __init__(self, c, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.gamma = nn.Parameter(torch.rand(c))
        self.beta = nn.Parameter(torch.zeros(c))

    def forward(self, x):
        flat = x.view(x.size(0), -1)
        shape = (-1, 1, 1, 1)
        x = (x - flat.mean(1).view(shape)) / (flat.std(1).view(shape) +
                                              self.eps)
        return x * self.gamma.view(1, -1, 1, 1) + self.beta.view(1, -1, 1, 1)


class _AdaIN(nn.Module):

    def __init__(self, c):
        super().__init__()
        self.num_features = c
        self.weight = self.bias = None
        self.register_buffer('running_mean', torch.zeros(c))  # dummies
        self.register_buffer('running_var', torch.ones(c))

    def forward(self, x):
        b, c = x.shape[:2]
        out = F.batch_norm(x.reshape(1, b * c, *x.shape[2:]),
                           self.running_mean.repeat(b),
                           self.running_var.repeat(b), self.weight,
                           self.bias, True, 0.1, 1e-5)
        return out.view_as(x)


class _Conv(nn.Module):

    def __init__(self, cin, cout, k, s, p, norm='none', act='relu'):
        super().__init__()
        self.pad = nn.ReflectionPad2d(p)
        self.conv = nn.Conv2d(cin, cout, k, s)
        self.norm = dict(none=None, inst=nn.InstanceNorm2d(cout),
                         ln=_LayerNorm(cout), adain=_AdaIN(cout))[norm]
        self.activation = dict(relu=nn.ReLU(), tanh=nn.Tanh(),
                               none=None)[act]

    def forward(self, x):
        x = self.conv(self.pad(x))
        x = self.norm(x) if self.norm is not None else x
        return self.activation(x) if self.activation is not None else x


class _ResBlock(nn.Module):

    def __init__(self, d, norm):
        super().__init__()
        self.model = nn.Sequential(_Conv(d, d, 3, 1, 1, norm),
                                   _Conv(d, d, 3, 1, 1, norm, 'none'))

    def forward(self, x):
        return x + self.model(x)


class _ResBlocks(nn.Module):

    def __init__(self, n, d, norm):
        super().__init__()
        self.model = nn.Sequential(*[_ResBlock(d, norm) for _ in range(n)])

    def forward(self, x):
        return self.model(x)


class _Linear(nn.Module):

    def __init__(self, cin, cout, act=True):
        super().__init__()
        self.fc = nn.Linear(cin, cout)
        self.act = act

    def forward(self, x):
        return F.relu(self.fc(x)) if self.act else self.fc(x)


class OfficialAdaINGen(nn.Module):

    def __init__(self):
        super().__init__()
        d = DIM
        style = [_Conv(3, d, 7, 1, 3), _Conv(d, 2 * d, 4, 2, 1),
                 _Conv(2 * d, 4 * d, 4, 2, 1), _Conv(4 * d, 4 * d, 4, 2, 1),
                 _Conv(4 * d, 4 * d, 4, 2, 1), nn.AdaptiveAvgPool2d(1),
                 nn.Conv2d(4 * d, STYLE, 1, 1, 0)]
        self.enc_style = nn.Module()
        self.enc_style.model = nn.Sequential(*style)
        self.enc_content = nn.Module()
        self.enc_content.model = nn.Sequential(
            _Conv(3, d, 7, 1, 3, 'inst'), _Conv(d, 2 * d, 4, 2, 1, 'inst'),
            _Conv(2 * d, 4 * d, 4, 2, 1, 'inst'),
            _ResBlocks(N_RES, 4 * d, 'inst'))
        self.dec = nn.Module()
        self.dec.model = nn.Sequential(
            _ResBlocks(N_RES, 4 * d, 'adain'), nn.Upsample(scale_factor=2),
            _Conv(4 * d, 2 * d, 5, 1, 2, 'ln'), nn.Upsample(scale_factor=2),
            _Conv(2 * d, d, 5, 1, 2, 'ln'), _Conv(d, 3, 7, 1, 3, act='tanh'))
        adain = [m for m in self.dec.modules() if isinstance(m, _AdaIN)]
        self.mlp = nn.Module()
        self.mlp.model = nn.Sequential(
            _Linear(STYLE, MLP_DIM), _Linear(MLP_DIM, MLP_DIM),
            _Linear(MLP_DIM, sum(2 * m.num_features for m in adain), False))

    def encode(self, x):
        return (self.enc_content.model(x),
                self.enc_style.model(x))

    def decode(self, content, style):
        params = self.mlp.model(style.view(style.size(0), -1))
        for m in self.dec.modules():
            if isinstance(m, _AdaIN):
                c = m.num_features
                m.bias = params[:, :c].contiguous().view(-1)
                m.weight = params[:, c:2 * c].contiguous().view(-1)
                params = params[:, 2 * c:]
        return self.dec.model(content)


def test_official_generators_convert_with_identical_outputs(tmp_path):
    torch.manual_seed(0)
    gens = dict(a=OfficialAdaINGen(), b=OfficialAdaINGen())
    state = {}
    for k, g in gens.items():
        for p in g.parameters():
            p.data.normal_(0, 0.1)
        state[k] = g.state_dict()
        # PyTorch 0.3 files: instance-norm statistics in the content encoder
        state[k]['enc_content.model.0.norm.running_mean'] = torch.zeros(DIM)
    torch.save(state, tmp_path / 'gen_00100000.pt')
    cfg = tiny_cfg('configs/munit/edges2shoes_official.py', '',
                   str(tmp_path))
    cfg_path = str(tmp_path / 'cfg.py')
    cfg.dump(cfg_path)
    tool = load_tool('tools/model_converters/munit_official.py')
    out = str(tmp_path / 'converted.pth')
    tool.main([str(tmp_path / 'gen_00100000.pt'), out, '--config', cfg_path])

    model = init_model(cfg_path, out)  # strict, safe load
    img = torch.rand(2, 3, 32, 40) * 2 - 1
    style = torch.randn(2, STYLE, 1, 1)
    with torch.no_grad():
        for src, dst, a, b in (('edges', 'shoes', 'a', 'b'),
                               ('shoes', 'edges', 'b', 'a')):
            content, own_style = gens[a].encode(img)
            ours_c, ours_s = model.encode(img, src)
            torch.testing.assert_close(ours_c, content, atol=1e-5, rtol=0)
            torch.testing.assert_close(ours_s.view_as(own_style), own_style,
                                       atol=1e-5, rtol=0)
            theirs = gens[b].decode(content, style)
            torch.testing.assert_close(
                model.decode(ours_c, style.view(2, STYLE), dst), theirs,
                atol=1e-5, rtol=0)
    assert sorted(torch.load(out, weights_only=True)['meta']['official']) == \
        sorted(f'{n}_{d}' for n in ('content_encoder', 'style_encoder',
                                    'decoder') for d in ('edges', 'shoes'))
    # a file of other content is named
    torch.save({'gen': {}}, tmp_path / 'other.pt')
    with pytest.raises(DataError, match="other.pt is not an MUNIT generator"):
        tool.main([str(tmp_path / 'other.pt'), str(tmp_path / 'x.pth'),
                   '--config', cfg_path])
