"""The DRIT++ authors' released checkpoints load into mmi2i and give the
same outputs for the same attribute code.

The modules below reproduce the structure and state-dict layout of the
authors' ``--concat 1`` networks (HsinYingLee/DRIT ``src/networks.py``:
``E_content``, ``E_attr_concat``, ``G_concat``, ``MultiScaleDis``,
``Dis_content``; one-conv wrappers with ``model.1``, ``INSResBlock``,
``LayerNorm`` with (C, 1, 1) weights), at a small width, so files with the
official key layout are made here without downloading anything.
"""
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from mmi2i.apis import init_model
from mmi2i.datasets.io import DataError
from utils import load_tool, tiny_cfg

CH, NZ, N_RES, K = 8, 8, 1, 3  # K: the content discriminator's kernel
C = 4 * CH  # content width


def _lrelu_conv(cin, cout, k, s, p):
    m = nn.Module()
    m.model = nn.Sequential(nn.ReflectionPad2d(p), nn.Conv2d(cin, cout, k, s),
                            nn.LeakyReLU(0.01))
    m.forward = m.model.forward
    return m


def _relu_ins_conv(cin, cout, k, s, p):
    m = nn.Module()
    m.model = nn.Sequential(nn.ReflectionPad2d(p), nn.Conv2d(cin, cout, k, s),
                            nn.InstanceNorm2d(cout), nn.ReLU())
    m.forward = m.model.forward
    return m


class _INSRes(nn.Module):

    def __init__(self, d):
        super().__init__()
        self.model = nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(d, d, 3), nn.InstanceNorm2d(d),
            nn.ReLU(), nn.ReflectionPad2d(1), nn.Conv2d(d, d, 3),
            nn.InstanceNorm2d(d))

    def forward(self, x):
        return x + self.model(x)


class _LayerNorm(nn.Module):

    def __init__(self, c):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(c, 1, 1))
        self.bias = nn.Parameter(torch.zeros(c, 1, 1))

    def forward(self, x):
        shape = x.shape[1:]
        return F.layer_norm(x, shape, self.weight.expand(shape),
                            self.bias.expand(shape))


def _relu_ins_convt(cin, cout):
    m = nn.Module()
    m.model = nn.Sequential(nn.ConvTranspose2d(cin, cout, 3, 2, 1, 1),
                            _LayerNorm(cout), nn.ReLU())
    m.forward = m.model.forward
    return m


class _BasicBlock(nn.Module):

    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Sequential(
            nn.LeakyReLU(0.2), nn.ReflectionPad2d(1), nn.Conv2d(cin, cin, 3),
            nn.LeakyReLU(0.2),
            nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(cin, cout, 3),
                          nn.AvgPool2d(2, 2)))
        self.shortcut = nn.Sequential(nn.AvgPool2d(2, 2),
                                      nn.Conv2d(cin, cout, 1))

    def forward(self, x):
        return self.conv(x) + self.shortcut(x)


class OfficialDRIT(nn.Module):
    """``enc_c``, ``enc_a``, ``gen``, ``disA``... of the authors' model."""

    def __init__(self):
        super().__init__()
        self.enc_c = nn.Module()
        for side in 'AB':
            setattr(self.enc_c, f'conv{side}', nn.Sequential(
                _lrelu_conv(3, CH, 7, 1, 3),
                _relu_ins_conv(CH, 2 * CH, 3, 2, 1),
                _relu_ins_conv(2 * CH, C, 3, 2, 1),
                *[_INSRes(C) for _ in range(N_RES)]))
        self.enc_c.conv_share = nn.Sequential(_INSRes(C))  # + noise (train)
        self.enc_a = nn.Module()
        for side in 'AB':
            setattr(self.enc_a, f'conv_{side}', nn.Sequential(
                nn.ReflectionPad2d(1), nn.Conv2d(3, CH, 4, 2),
                *[_BasicBlock(CH * n, CH * (n + 1)) for n in (1, 2, 3)],
                nn.LeakyReLU(0.2), nn.AdaptiveAvgPool2d(1)))
            setattr(self.enc_a, f'fc_{side}', nn.Sequential(
                nn.Linear(C, NZ)))
            setattr(self.enc_a, f'fcVar_{side}', nn.Sequential(
                nn.Linear(C, NZ)))
        self.gen = nn.Module()
        self.gen.dec_share = nn.Sequential(_INSRes(C))
        for side in 'AB':
            t = C + NZ
            setattr(self.gen, f'dec{side}1',
                    nn.Sequential(*[_INSRes(t) for _ in range(N_RES)]))
            t += NZ
            setattr(self.gen, f'dec{side}2',
                    nn.Sequential(_relu_ins_convt(t, t // 2)))
            t = t // 2 + NZ
            setattr(self.gen, f'dec{side}3',
                    nn.Sequential(_relu_ins_convt(t, t // 2)))
            t = t // 2 + NZ
            setattr(self.gen, f'dec{side}4', nn.Sequential(
                nn.ConvTranspose2d(t, 3, 1, 1, 0), nn.Tanh()))
        for name in ('disA', 'disA2', 'disB', 'disB2'):
            d = nn.Module()
            d.Diss = nn.ModuleList(nn.Sequential(
                _lrelu_conv(3, CH, 4, 2, 1), _lrelu_conv(CH, 2 * CH, 4, 2, 1),
                nn.Conv2d(2 * CH, 1, 1, 1, 0)) for _ in range(2))
            setattr(self, name, d)
        self.disContent = nn.Module()
        self.disContent.model = nn.Sequential(
            *[_lrelu_conv(C, C, K, 2, 1) for _ in range(3)],
            _lrelu_conv(C, C, 1, 1, 0), nn.Conv2d(C, 1, 1, 1, 0))

    def content(self, x, side):
        return self.enc_c.conv_share(getattr(self.enc_c, f'conv{side}')(x))

    def attr(self, x, side):
        h = getattr(self.enc_a, f'conv_{side}')(x).flatten(1)
        return (getattr(self.enc_a, f'fc_{side}')(h),
                getattr(self.enc_a, f'fcVar_{side}')(h))

    def decode(self, x, z, side):
        out = self.gen.dec_share(x)
        for i in (1, 2, 3, 4):
            z_img = z[:, :, None, None].expand(-1, -1, *out.shape[2:])
            out = getattr(self.gen, f'dec{side}{i}')(torch.cat([out, z_img],
                                                               1))
        return out

    def dis(self, name, x):
        outs = []
        for net in getattr(self, name).Diss:
            outs.append(net(x))
            x = F.avg_pool2d(x, 3, 2, 1, count_include_pad=False)
        return outs


def test_official_checkpoint_converts_with_identical_outputs(tmp_path):
    torch.manual_seed(0)
    theirs = OfficialDRIT()
    for p in theirs.parameters():
        p.data.normal_(0, 0.1)
    ckpt = {name: getattr(theirs, name).state_dict() for name in (
        'enc_c', 'enc_a', 'gen', 'disA', 'disA2', 'disB', 'disB2',
        'disContent')}
    ckpt.update(gen_opt={'state': {}, 'param_groups': []}, ep=1199,
                total_it=10)
    torch.save(ckpt, tmp_path / 'example.pth')
    cfg = tiny_cfg('configs/drit/yosemite_official.py', '', str(tmp_path))
    cfg.model.shared_networks.content_discriminator.update(
        channels=C, kernel_size=K, last_kernel=1)
    cfg_path = str(tmp_path / 'cfg.py')
    cfg.dump(cfg_path)
    tool = load_tool('tools/model_converters/drit_official.py')
    out = str(tmp_path / 'converted.pth')
    tool.main([str(tmp_path / 'example.pth'), out, '--config', cfg_path])

    model = init_model(cfg_path, out)  # strict, safe load
    theirs.eval()
    img = torch.rand(2, 3, 32, 32) * 2 - 1
    z = torch.randn(2, NZ)

    def close(a, b):
        torch.testing.assert_close(a, b, atol=1e-5, rtol=0)

    with torch.no_grad():
        for side, d, other in (('A', 'summer', 'winter'),
                               ('B', 'winter', 'summer')):
            content = theirs.content(img, side)
            close(model.content(img, d), content)
            mu, logvar = theirs.attr(img, side)
            ours_mu, ours_logvar = model.net('style_encoder', d)(img)
            close(ours_mu, mu)
            close(ours_logvar, logvar)
            close(model.decode(content, z, d), theirs.decode(content, z,
                                                             side))
            for ours, name in (('discriminator', f'dis{side}'),
                               ('discriminator2', f'dis{side}2')):
                for a, b in zip(model.net(ours, d)(img),
                                theirs.dis(name, img)):
                    close(a, b)
        ours = model.content_discriminator(content)
        close(torch.cat([o.flatten() for o in ours]),
              theirs.disContent.model(content).flatten())
    nets = {n for n, m in model.named_children()
            if next(m.parameters(), None) is not None}
    assert set(torch.load(out, weights_only=True)['meta']['official']) == \
        nets and len(nets) == 13  # every network, none left initialised
    # the --concat 0 form is named, not mistranslated
    ckpt['enc_a'] = {'model_a.1.weight': torch.zeros(1)}
    torch.save(ckpt, tmp_path / 'concat0.pth')
    with pytest.raises(DataError, match='--concat 0 model'):
        tool.main([str(tmp_path / 'concat0.pth'), str(tmp_path / 'x.pth'),
                   '--config', cfg_path])
