"""The StarGAN authors' released CelebA model loads into mmi2i and gives
the same translations for the same label vectors.

``OfficialGenerator`` / ``OfficialDiscriminator`` reproduce the structure
and state-dict layout of the authors' networks (yunjey/stargan
``model.py``: one ``main`` Sequential, residual blocks with their own
``main``, instance norms with affine parameters and running statistics,
heads ``conv1``/``conv2``) at a small width, so files with the official
key layout are made here without downloading anything.
"""
import pytest
import torch
import torch.nn as nn

from mmi2i.apis import init_model
from mmi2i.models.editors.stargan.official_weights import (CELEBA_ATTRIBUTES,
                                                           celeba_targets)
from utils import load_tool, tiny_cfg

CH, BLOCKS, SIZE, LAYERS = 8, 2, 32, 3
N = len(CELEBA_ATTRIBUTES)


def _in(c):
    return nn.InstanceNorm2d(c, affine=True, track_running_stats=True)


class _Block(nn.Module):

    def __init__(self, d):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(d, d, 3, 1, 1, bias=False), _in(d), nn.ReLU(),
            nn.Conv2d(d, d, 3, 1, 1, bias=False), _in(d))

    def forward(self, x):
        return x + self.main(x)


class OfficialGenerator(nn.Module):

    def __init__(self):
        super().__init__()
        layers = [nn.Conv2d(3 + N, CH, 7, 1, 3, bias=False), _in(CH),
                  nn.ReLU()]
        for m in (1, 2):
            layers += [nn.Conv2d(CH * m, CH * m * 2, 4, 2, 1, bias=False),
                       _in(CH * m * 2), nn.ReLU()]
        layers += [_Block(4 * CH) for _ in range(BLOCKS)]
        for m in (4, 2):
            layers += [nn.ConvTranspose2d(CH * m, CH * m // 2, 4, 2, 1,
                                          bias=False),
                       _in(CH * m // 2), nn.ReLU()]
        layers += [nn.Conv2d(CH, 3, 7, 1, 3, bias=False), nn.Tanh()]
        self.main = nn.Sequential(*layers)

    def forward(self, x, c):
        c = c[:, :, None, None].expand(-1, -1, *x.shape[2:])
        return self.main(torch.cat([x, c], 1))


class OfficialDiscriminator(nn.Module):

    def __init__(self):
        super().__init__()
        layers, d = [nn.Conv2d(3, CH, 4, 2, 1), nn.LeakyReLU(0.01)], CH
        for _ in range(1, LAYERS):
            layers += [nn.Conv2d(d, 2 * d, 4, 2, 1), nn.LeakyReLU(0.01)]
            d *= 2
        self.main = nn.Sequential(*layers)
        self.conv1 = nn.Conv2d(d, 1, 3, 1, 1, bias=False)
        self.conv2 = nn.Conv2d(d, N, SIZE // 2**LAYERS, bias=False)

    def forward(self, x):
        h = self.main(x)
        return self.conv1(h), self.conv2(h).view(len(x), -1)


def test_official_model_converts_with_identical_outputs(tmp_path):
    torch.manual_seed(0)
    g, d = OfficialGenerator(), OfficialDiscriminator()
    for net in (g, d):
        for p in net.parameters():
            p.data.normal_(0, 0.1)
    models = tmp_path / 'stargan_celeba_128' / 'models'
    models.mkdir(parents=True)
    g(torch.zeros(2, 3, SIZE, SIZE), torch.zeros(2, N))  # running stats move
    torch.save(g.state_dict(), models / '200000-G.ckpt')
    torch.save(d.state_dict(), models / '200000-D.ckpt')
    cfg = tiny_cfg('configs/stargan/celeba_official.py', '', str(tmp_path))
    cfg.model.generator.update(base_channels=CH, num_blocks=BLOCKS)
    cfg.model.discriminator.update(image_size=SIZE, base_channels=CH,
                                   num_layers=LAYERS)
    cfg_path = str(tmp_path / 'cfg.py')
    cfg.dump(cfg_path)
    tool = load_tool('tools/model_converters/stargan_official.py')
    out = str(tmp_path / 'converted.pth')
    tool.main([str(models / '200000-G.ckpt'), out, '--config', cfg_path])

    model = init_model(cfg_path, out)  # strict, safe load
    g.train()  # the authors' test never calls G.eval()
    img = torch.rand(3, 3, SIZE, SIZE) * 2 - 1
    source = torch.tensor([[1, 0, 0, 1, 1], [0, 1, 0, 0, 0],
                           [0, 0, 1, 1, 0]]).float()
    with torch.no_grad():
        targets = celeba_targets(source)
        # their create_labels: a hair colour alone, other attributes flipped
        assert targets[1][0].tolist() == [0, 1, 0, 1, 1]
        assert targets[3][0].tolist() == [1, 0, 0, 0, 1]
        for c in targets + [torch.eye(N)[:3]]:
            torch.testing.assert_close(model.generate(img, c), g(img, c),
                                       atol=1e-5, rtol=0)
        # a target domain is its attribute's one-hot label
        torch.testing.assert_close(
            model.translate(img, 'Black_Hair', 'Male')['img'],
            g(img, torch.eye(N)[[3, 3, 3]]), atol=1e-5, rtol=0)
        src, cls = model.discriminator(img)
        theirs_src, theirs_cls = d(img)
        torch.testing.assert_close(src, theirs_src, atol=1e-5, rtol=0)
        torch.testing.assert_close(cls.view(3, -1), theirs_cls, atol=1e-5,
                                   rtol=0)
    with pytest.raises(ValueError, match='label vectors of 4 values'):
        model.generate(img, torch.zeros(3, 4))
    assert torch.load(out, weights_only=True)['meta']['official'] == \
        ['discriminator', 'generator']
