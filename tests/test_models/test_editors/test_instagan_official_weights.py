"""Released InstaGAN weights load into mmi2i and give the same outputs.

The networks below reproduce the *structure and state-dict layout* of the
authors' ``ResnetSetGenerator`` / ``NLayerSetDiscriminator`` (their own
spectral norm storing ``module.weight_bar/_u/_v``; generator set sum over
the batch, mask decoder on [own; image; sum]), so checkpoints with the
official key layout can be made here without downloading anything.
"""
import os

import pytest
import torch
import torch.nn as nn
from mmengine.config import Config

from mmi2i.apis import init_model
from mmi2i.datasets.io import DataError
from utils import load_tool, tiny_cfg

NGF, BLOCKS = 8, 1


class _OfficialSN(nn.Module):

    def __init__(self, conv):
        super().__init__()
        self.module = conv
        w = conv.weight.data
        del conv._parameters['weight']
        u = torch.randn(w.shape[0])
        v = torch.randn(w[0].numel())
        conv.register_parameter('weight_u', nn.Parameter(u / u.norm(), False))
        conv.register_parameter('weight_v', nn.Parameter(v / v.norm(), False))
        conv.register_parameter('weight_bar', nn.Parameter(w.clone()))

    def power_iteration(self):
        m = self.module
        mat = m.weight_bar.data.view(m.weight_bar.shape[0], -1)
        m.weight_v.data = nn.functional.normalize(mat.t() @ m.weight_u,
                                                  dim=0, eps=1e-12)
        m.weight_u.data = nn.functional.normalize(mat @ m.weight_v, dim=0,
                                                  eps=1e-12)

    def forward(self, x):
        m = self.module
        self.power_iteration()
        mat = m.weight_bar.view(m.weight_bar.shape[0], -1)
        sigma = m.weight_u @ (mat @ m.weight_v)
        return nn.functional.conv2d(x, m.weight_bar / sigma, m.bias,
                                    m.stride, m.padding)


def _in(c):
    return nn.InstanceNorm2d(c, affine=False, track_running_stats=False)


class _Block(nn.Module):

    def __init__(self, d):
        super().__init__()
        self.conv_block = nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(d, d, 3), _in(d), nn.ReLU(True),
            nn.ReflectionPad2d(1), nn.Conv2d(d, d, 3), _in(d))

    def forward(self, x):
        return x + self.conv_block(x)


def _encoder(cin, ngf):
    layers = [nn.ReflectionPad2d(3), nn.Conv2d(cin, ngf, 7), _in(ngf),
              nn.ReLU(True)]
    for m in (1, 2):
        layers += [nn.Conv2d(ngf * m, ngf * m * 2, 3, 2, 1),
                   _in(ngf * m * 2), nn.ReLU(True)]
    return nn.Sequential(*layers, *[_Block(ngf * 4) for _ in range(BLOCKS)])


def _decoder(cout, ngf):
    layers = []
    for m in (4, 2):
        layers += [nn.ConvTranspose2d(ngf * m, ngf * m // 2, 3, 2, 1, 1),
                   _in(ngf * m // 2), nn.ReLU(True)]
    return nn.Sequential(*layers, nn.ReflectionPad2d(3),
                         nn.Conv2d(ngf, cout, 7), nn.Tanh())


class OfficialSetGenerator(nn.Module):

    def __init__(self, ngf=NGF):
        super().__init__()
        self.encoder_img = _encoder(3, ngf)
        self.encoder_seg = _encoder(1, ngf)
        self.decoder_img = _decoder(3, 2 * ngf)
        self.decoder_seg = _decoder(1, 3 * ngf)

    def forward(self, inp):
        img, segs = inp[:, :3], inp[:, 3:]
        keep = (segs + 1).mean(0).mean(-1).mean(-1) > 0
        enc_img = self.encoder_img(img)
        enc = [self.encoder_seg(segs[:, i:i + 1])
               for i in range(segs.shape[1]) if keep[i]]
        total = torch.cat(enc).sum(0, keepdim=True)
        out = [self.decoder_img(torch.cat([enc_img, total], 1))]
        it = iter(enc)
        for i in range(segs.shape[1]):
            out.append(self.decoder_seg(torch.cat([next(it), enc_img, total],
                                                  1))
                       if keep[i] else segs[:, i:i + 1])
        return torch.cat(out, 1)


def _features(cin, ndf):
    return nn.Sequential(
        _OfficialSN(nn.Conv2d(cin, ndf, 4, 2, 1)), nn.LeakyReLU(0.2, True),
        _OfficialSN(nn.Conv2d(ndf, ndf * 2, 4, 2, 1)), _in(ndf * 2),
        nn.LeakyReLU(0.2, True),
        _OfficialSN(nn.Conv2d(ndf * 2, ndf * 4, 4, 2, 1)), _in(ndf * 4),
        nn.LeakyReLU(0.2, True))


class OfficialSetDiscriminator(nn.Module):

    def __init__(self, ndf=NGF):
        super().__init__()
        self.feature_img = _features(3, ndf)
        self.feature_seg = _features(1, ndf)
        self.classifier = nn.Sequential(
            _OfficialSN(nn.Conv2d(ndf * 8, ndf * 16, 4, 1, 1)),
            _in(ndf * 16), nn.LeakyReLU(0.2, True),
            _OfficialSN(nn.Conv2d(ndf * 16, 1, 4, 1, 1)))

    def forward(self, inp):
        img, segs = inp[:, :3], inp[:, 3:]
        feat = self.feature_img(img)
        total = sum(self.feature_seg(segs[:, i:i + 1])
                    for i in range(segs.shape[1]))
        return self.classifier(torch.cat([feat, total], 1))


def _converter():
    return load_tool('tools/model_converters/instagan_official.py')


def test_official_checkpoints_convert_with_identical_outputs(tmp_path):
    torch.manual_seed(0)
    nets = dict(G_A=OfficialSetGenerator(), G_B=OfficialSetGenerator(),
                D_A=OfficialSetDiscriminator(),
                D_B=OfficialSetDiscriminator())
    src = tmp_path / 'official'
    os.makedirs(src)
    for name, net in nets.items():
        for p in net.parameters():  # not the trivial (zero-bias) init
            if p.requires_grad:
                p.data.normal_(0, 0.05)
        # trained checkpoints hold converged power-iteration vectors; theirs
        # advance once per mask call, ours once per discriminator call,
        # which agree only once converged
        for m in net.modules():
            if isinstance(m, _OfficialSN):
                for _ in range(200):
                    m.power_iteration()
        torch.save(net.state_dict(), src / f'latest_net_{name}.pth')
    cfg = tiny_cfg('configs/instagan/shapes.py', '', str(tmp_path))
    cfg.model.generator.num_blocks = BLOCKS
    cfg_path = str(tmp_path / 'cfg.py')
    cfg.dump(cfg_path)
    out = str(tmp_path / 'converted.pth')
    _converter().main([str(src), out, '--config', cfg_path])

    model = init_model(Config.fromfile(cfg_path), out)  # strict, safe load
    img = torch.rand(1, 3, 32, 32) * 2 - 1
    masks = -torch.ones(1, 2, 32, 32)
    masks[0, 0, 4:20, 6:14] = 1
    masks[0, 1, 18:30, 10:28] = 1
    valid = torch.ones(1, 2, dtype=torch.bool)
    inp = torch.cat([img, masks], 1)
    with torch.no_grad():
        for name, ours in (('G_A', model.generator_ab),
                           ('G_B', model.generator_ba)):
            ref = nets[name](inp)
            o_img, o_masks = ours(img, masks, valid)
            torch.testing.assert_close(o_img, ref[:, :3], atol=1e-5, rtol=0)
            torch.testing.assert_close(o_masks, ref[:, 3:], atol=1e-5,
                                       rtol=0)
        for name, ours in (('D_A', model.discriminator_b),
                           ('D_B', model.discriminator_a)):
            ours.train()  # one power iteration per call, as theirs
            torch.testing.assert_close(ours(img, masks, valid),
                                       nets[name](inp), atol=1e-5, rtol=0)
    ckpt = torch.load(out, weights_only=True)
    assert ckpt['meta']['official_files'] == ['G_A', 'G_B', 'D_A', 'D_B']
    # never overwrites: an input, or an earlier output without --overwrite
    before = (src / 'latest_net_G_A.pth').read_bytes()
    with pytest.raises(DataError, match='is one of the inputs'):
        _converter().main([str(src), str(src / 'latest_net_G_A.pth'),
                           '--config', cfg_path])
    assert (src / 'latest_net_G_A.pth').read_bytes() == before
    with pytest.raises(DataError, match='exists; pass --overwrite'):
        _converter().main([str(src), out, '--config', cfg_path])
    _converter().main([str(src), out, '--config', cfg_path, '--overwrite'])
    # a folder as OUT (issue #31, 9c): refused, no temporary file left
    os.makedirs(tmp_path / 'outdir')
    with pytest.raises(DataError, match='is a folder'):
        _converter().main([str(src), str(tmp_path / 'outdir'), '--config',
                           cfg_path, '--overwrite'])
    assert not [f for f in os.listdir(tmp_path) if '.tmp-' in f]
