"""InstaGAN: set properties, batch independence, sequential inference and
the context loss weight."""
import pytest
import torch
from mmengine.config import Config

from mmi2i.engine import TranslationOptimWrapperConstructor
from mmi2i.models.editors.instagan import (InstaGANGenerator,
                                           SetPatchDiscriminator,
                                           context_weight)
from mmi2i.registry import MODELS
from utils import REPO

TOL = dict(atol=1e-5, rtol=1e-4)


def _gen():
    torch.manual_seed(0)
    g = InstaGANGenerator(base_channels=8, num_blocks=1)
    g.init_weights()
    return g.eval()


def _masks(b, n, size=32, seed=0):
    g = torch.Generator().manual_seed(seed)
    m = -torch.ones(b, n, size, size)
    for i in range(b):
        for k in range(n):
            y, x = torch.randint(0, size - 8, (2, ), generator=g).tolist()
            h, w = torch.randint(3, 8, (2, ), generator=g).tolist()
            m[i, k, y:y + h, x:x + w] = 1
    return m


def test_permuting_masks_permutes_outputs():
    g = _gen()
    img, masks = torch.randn(1, 3, 32, 32), _masks(1, 3)
    valid = torch.ones(1, 3, dtype=torch.bool)
    perm = torch.tensor([2, 0, 1])
    with torch.no_grad():
        out, out_m = g(img, masks, valid)
        out_p, out_mp = g(img, masks[:, perm], valid)
    torch.testing.assert_close(out_p, out, **TOL)
    torch.testing.assert_close(out_mp, out_m[:, perm], **TOL)
    d = SetPatchDiscriminator(base_channels=8)
    d.init_weights()
    d.eval()
    with torch.no_grad():
        torch.testing.assert_close(d(img, masks[:, perm], valid),
                                   d(img, masks, valid), **TOL)


def test_batch_of_two_equals_two_batches_of_one():
    g = _gen()
    img = torch.randn(2, 3, 32, 32)
    masks = _masks(2, 3)
    valid = torch.tensor([[True, True, True], [True, False, False]])
    masks[1, 1:] = -1  # padding of the second sample
    with torch.no_grad():
        out, out_m = g(img, masks, valid)
        for i, n in ((0, 3), (1, 1)):
            one, one_m = g(img[i:i + 1], masks[i:i + 1, :n],
                           valid[i:i + 1, :n])
            torch.testing.assert_close(out[i:i + 1], one, **TOL)
            torch.testing.assert_close(out_m[i:i + 1, :n], one_m, **TOL)
    assert (out_m[1, 1:] == -1).all()  # padded slots stay empty


def _model(**kw):
    cfg = Config.fromfile(f'{REPO}/configs/instagan/shapes.py')
    cfg.model.generator.update(base_channels=8, num_blocks=1)
    cfg.model.discriminator.update(base_channels=8)
    cfg.model.update(kw)
    model = MODELS.build(cfg.model)
    model.init_weights()
    return model, cfg


def test_sequential_inference_equals_one_step_when_ins_per_covers_all():
    seq, _ = _model(ins_per=4)
    one, _ = _model(sequential=False)
    one.load_state_dict(seq.state_dict())
    seq.eval()
    one.eval()
    img = torch.randn(2, 3, 32, 32)
    masks = (_masks(2, 3) > 0).float()
    valid = torch.tensor([[True, True, True], [True, True, False]])
    with torch.no_grad():
        a = seq.translate(img, 'sheep', 'giraffe', masks, valid)
        b = one.translate(img, 'sheep', 'giraffe', masks, valid)
    torch.testing.assert_close(a['img'], b['img'])
    torch.testing.assert_close(a['masks'], b['masks'])
    # with smaller subsets the translation is really sequential
    seq.ins_per = 1
    with torch.no_grad():
        c = seq.translate(img, 'sheep', 'giraffe', masks, valid)
    assert not torch.allclose(c['img'], a['img'])
    assert c['masks'].shape == (2, 3, 32, 32)


def test_context_weight_zero_where_either_mask_covers():
    orig = -torch.ones(1, 2, 4, 4)
    orig[0, 0, 0, 0] = 1
    new = -torch.ones(1, 1, 4, 4)
    new[0, 0, 3, 3] = 0.5
    w = context_weight(orig, torch.tensor([[True, False]]), new,
                       torch.tensor([[True]]))
    expected = torch.ones(1, 1, 4, 4)
    expected[0, 0, 0, 0] = expected[0, 0, 3, 3] = 0
    assert torch.equal(w, expected)
    # an invalid (padded) mask does not count
    orig[0, 1, 2, 2] = 1
    w2 = context_weight(orig, torch.tensor([[True, False]]), new,
                        torch.tensor([[True]]))
    assert w2[0, 0, 2, 2] == 1


def test_sequential_training_step_with_variable_counts(shapes_root):
    import copy

    from test_models.test_cyclegan import batch
    model, cfg = _model(ins_max=3, ins_per=1)
    optim = TranslationOptimWrapperConstructor(cfg.optim_wrapper)(model)
    data = batch(shapes_root, n=2)
    steps = []
    orig = model._update

    def spy(step, optim_wrapper, update_g):
        steps.append({x: step[x]['active'].tolist() for x in 'ab'})
        return orig(step, optim_wrapper, update_g)

    model._update = spy
    g0 = [p.detach().clone() for p in model.generator_ab.parameters()]
    logs = model.train_step(copy.deepcopy(data), optim)
    assert all(torch.isfinite(v) for v in logs.values()), logs
    for key in ('loss_gan_giraffe', 'loss_cycle_sheep', 'loss_idt_sheep',
                'loss_ctx_sheep', 'loss_disc_giraffe'):
        assert key in logs
    counts = {x: [min(len(s.gt_instances), 3) for s in
                  data['data_samples'][d]]
              for x, d in zip('ab', ('sheep', 'giraffe'))}
    n_steps = max(1, max(max(c) for c in counts.values()))
    assert len(steps) == n_steps
    for m, st in enumerate(steps):
        for x in 'ab':  # a sample takes part while it has instances left
            assert st[x] == [m == 0 or c > m for c in counts[x]]
    assert any(not torch.equal(a, b)
               for a, b in zip(g0, model.generator_ab.parameters()))


def test_bad_settings():
    with pytest.raises(ValueError, match='two domains'):
        _model(domains=('a', 'b', 'c'))
    with pytest.raises(ValueError, match='ins_per'):
        _model(ins_per=0)
