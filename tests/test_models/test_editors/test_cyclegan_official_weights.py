"""The CycleGAN authors' released generators load into mmi2i and give the
same translations.

``OfficialResnetGenerator`` reproduces the structure and state-dict layout
of the authors' ``ResnetGenerator`` (junyanz/pytorch-CycleGAN-and-pix2pix,
``models/networks.py``: one ``model`` Sequential, residual blocks holding
``conv_block``, instance norm without affine, no dropout), so files with
the official key layout are made here without downloading anything (its
residual block is InstaGAN's test's: the authors' ``ResnetBlock``).
"""
import pytest
import torch
import torch.nn as nn
from test_models.test_editors.test_instagan_official_weights import _Block, _in

from mmi2i.apis import init_model
from mmi2i.datasets.io import DataError
from utils import load_tool, tiny_cfg

NGF, BLOCKS = 8, 2


class OfficialResnetGenerator(nn.Module):

    def __init__(self, ngf=NGF, blocks=BLOCKS):
        super().__init__()
        layers = [nn.ReflectionPad2d(3), nn.Conv2d(3, ngf, 7), _in(ngf),
                  nn.ReLU(True)]
        for m in (1, 2):
            layers += [nn.Conv2d(ngf * m, ngf * m * 2, 3, 2, 1),
                       _in(ngf * m * 2), nn.ReLU(True)]
        layers += [_Block(ngf * 4) for _ in range(blocks)]
        for m in (4, 2):
            layers += [nn.ConvTranspose2d(ngf * m, ngf * m // 2, 3, 2, 1, 1),
                       _in(ngf * m // 2), nn.ReLU(True)]
        layers += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, 3, 7), nn.Tanh()]
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)


def _official_file(path, seed):
    torch.manual_seed(seed)
    net = OfficialResnetGenerator()
    for p in net.parameters():
        p.data.normal_(0, 0.1)
    state = net.state_dict()
    # files saved by PyTorch < 0.4 carry instance-norm statistics
    state['model.2.running_mean'] = torch.zeros(NGF)
    state['model.2.running_var'] = torch.ones(NGF)
    torch.save(state, path)
    return net


def test_official_generators_convert_with_identical_outputs(tmp_path):
    g_ab = _official_file(tmp_path / 'horse2zebra.pth', 0)
    g_ba = _official_file(tmp_path / 'zebra2horse.pth', 1)
    cfg = tiny_cfg('configs/cyclegan/horse2zebra_official.py', '',
                   str(tmp_path))
    cfg.model.generator.update(base_channels=NGF, num_blocks=BLOCKS)
    cfg_path = str(tmp_path / 'cfg.py')
    cfg.dump(cfg_path)
    tool = load_tool('tools/model_converters/cyclegan_official.py')
    out = str(tmp_path / 'converted.pth')
    tool.main([str(tmp_path / 'horse2zebra.pth'), out, '--config', cfg_path,
               '--reverse', str(tmp_path / 'zebra2horse.pth')])

    model = init_model(cfg_path, out)  # strict, safe load
    img = torch.rand(2, 3, 36, 28) * 2 - 1
    with torch.no_grad():
        for ours, theirs, source, target in (
                (model.generator_ab, g_ab, 'horse', 'zebra'),
                (model.generator_ba, g_ba, 'zebra', 'horse')):
            torch.testing.assert_close(ours(img), theirs(img), atol=1e-5,
                                       rtol=0)
            torch.testing.assert_close(
                model.translate(img, source, target)['img'], theirs(img),
                atol=1e-5, rtol=0)
    ckpt = torch.load(out, weights_only=True)
    assert ckpt['meta']['official'] == ['generator_ab', 'generator_ba']

    # one direction only: the other generator keeps its initialization
    tool.main([str(tmp_path / 'horse2zebra.pth'), out, '--config', cfg_path,
               '--overwrite'])
    assert torch.load(out, weights_only=True)['meta']['official'] == \
        ['generator_ab']
    # another network size is named, nothing is written
    cfg.model.generator.num_blocks = BLOCKS + 1
    cfg.dump(cfg_path)
    with pytest.raises(DataError, match=r'does not fit .*missing '
                       r"\['generator_ab.decoder"):
        tool.main([str(tmp_path / 'horse2zebra.pth'),
                   str(tmp_path / 'other.pth'), '--config', cfg_path])
    assert not (tmp_path / 'other.pth').exists()
