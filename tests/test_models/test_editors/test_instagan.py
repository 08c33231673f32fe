"""InstaGAN: set properties, batch independence, sequential inference and
the context loss weight."""
import os

import pytest
import torch

from mmi2i.apis import read_config
from mmi2i.engine import TranslationOptimWrapperConstructor
from mmi2i.models.editors.instagan import (InstaGANGenerator,
                                           SetPatchDiscriminator,
                                           context_weight, set_channels,
                                           soft_context_weight)
from mmi2i.registry import MODELS
from utils import REPO, full_step

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
    cfg = read_config(f'{REPO}/configs/instagan/shapes.py')
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

    from utils import shapes_batch
    model, cfg = _model(ins_max=3, ins_per=1)
    optim = TranslationOptimWrapperConstructor(cfg.optim_wrapper)(model)
    data = shapes_batch(shapes_root, n=2)
    steps = []
    orig = model._update

    def spy(step, optim_wrapper, *groups):
        steps.append({x: step[x]['active'].tolist() for x in 'ab'})
        return orig(step, optim_wrapper, *groups)

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


def _trainable(m):
    return sum(p.numel() for p in m.parameters() if p.requires_grad)


def test_parameter_counts_match_the_official_networks():
    gen = InstaGANGenerator(base_channels=64)
    assert _trainable(gen) == 26_815_108
    assert _trainable(SetPatchDiscriminator(base_channels=64)) == 9_721_729
    # plain convolutions: the CPU forms are applied by the switch
    # (tests/test_ops); here the layers InstaGAN's configs put in them
    from mmi2i.ops.cpu import apply_cpu_forms
    assert apply_cpu_forms(gen, True) == dict(
        ThinConv2d=2, WinogradConv2d=36, TapConvTranspose2d=4)
    assert _trainable(gen) == 26_815_108


def test_joint_cycle_loss_by_hand():
    """Official form: one L1 over [image; 2 mask slots], padded slot with
    zero error, times the loss weight (10)."""
    model, _ = _model(ins_per=2)
    img = torch.tensor([[[[0.5]], [[-0.5]], [[0.0]]]])  # (1, 3, 1, 1)
    rec = torch.tensor([[[[0.3]], [[-0.5]], [[0.4]]]])
    masks = torch.tensor([[[[1.0]], [[-1.0]]]])  # slot 1 is padding
    rec_masks = torch.tensor([[[[0.2]], [[-1.0]]]])
    valid = torch.tensor([[True, False]])
    # |0.2| + 0 + |0.4| + |0.8| (+ 0 for the padded slot) over 5 channels
    expected = 10 * (0.2 + 0.4 + 0.8) / 5
    got = model._set_l1('cycle', rec, rec_masks, img, masks, valid)
    assert got.item() == pytest.approx(expected)
    # the padded slot's prediction does not matter
    rec_masks[0, 1] = 0.7
    assert model._set_l1('cycle', rec, rec_masks, img, masks,
                         valid).item() == pytest.approx(expected)
    assert set_channels(img, masks, valid).shape == (1, 5, 1, 1)
    # the split form: image mean x 10 + valid-mask mean x 10
    model.set_loss = 'split'
    split = model._set_l1('cycle', rec, rec_masks, img, masks, valid)
    assert split.item() == pytest.approx(10 * (0.6 / 3) + 10 * 0.8)


def test_soft_context_weight_by_hand_and_gradient():
    orig = torch.tensor([[[[1.0, -1.0, 0.0, -1.0]]]])  # (1, 1, 1, 4)
    new = torch.tensor([[[[-1.0, -1.0, -0.5, 0.6]],
                         [[1.0, -1.0, -1.0, -1.0]]]], requires_grad=True)
    valid_o = torch.tensor([[True]])
    valid_n = torch.tensor([[True, False]])  # second slot is padding
    w = soft_context_weight(orig, valid_o, new, valid_n)
    # sum of (m + 1) / 2: [1, 0, 0.5 + 0.25, 0.8] -> 1 - clamp
    torch.testing.assert_close(w, torch.tensor([[[[0.0, 1.0, 0.25, 0.2]]]]))
    w.sum().backward()
    assert new.grad[0, 0, 0, 3] == -0.5  # gradient reaches the masks
    assert new.grad[0, 1].abs().sum() == 0  # not the padded slot
    # the binary (paper text) weight thresholds and has no gradient
    b = context_weight(orig, valid_o, new.detach(), valid_n)
    torch.testing.assert_close(b, torch.tensor([[[[0.0, 1.0, 1.0, 0.0]]]]))


def test_discriminator_encodes_masks_one_per_call_like_the_authors():
    """In training each mask-feature call is a spectral-norm power
    iteration step; the authors' loop over masks makes one per mask."""
    import copy
    torch.manual_seed(0)
    d = SetPatchDiscriminator(base_channels=8)
    d.init_weights()
    d.train()
    ref, batched = copy.deepcopy(d), copy.deepcopy(d)
    img, masks = torch.randn(1, 3, 32, 32), _masks(1, 2)
    valid = torch.ones(1, 2, dtype=torch.bool)
    with torch.no_grad():
        out = d(img, masks, valid)
        feats = (ref.mask_features(masks[:, :1]) +
                 ref.mask_features(masks[:, 1:]))
        by_hand = ref.classifier(torch.cat([ref.img_features(img), feats],
                                           1))
        batched.mask_chunk = None
        one_call = batched(img, masks, valid)
    torch.testing.assert_close(out, by_hand)
    assert not torch.allclose(out, one_call, rtol=0, atol=1e-6)
    with pytest.raises(ValueError, match='mask_chunk'):
        SetPatchDiscriminator(base_channels=8, mask_chunk=0)


def test_discriminator_init_as_the_authors():
    """Their init function does not reach convs inside their spectral norm
    wrapper: those keep PyTorch's default (kaiming-uniform, bound
    1/sqrt(fan_in), uniform biases), not N(0, 0.02) and zero biases."""
    torch.manual_seed(0)
    official = SetPatchDiscriminator(base_channels=8)
    plain = SetPatchDiscriminator(base_channels=8, official_init=False)
    for d in (official, plain):
        d.init_weights()
    for name in ('img_features.0', 'classifier.0', 'classifier.3'):
        conv = official.get_submodule(name)
        bound = conv.weight_orig[0].numel()**-0.5
        assert conv.weight_orig.abs().max() <= bound
        assert 0 < conv.bias.abs().max() <= bound
        other = plain.get_submodule(name)
        assert (other.bias == 0).all()
        assert other.weight_orig.std().item() == pytest.approx(0.02,
                                                               rel=0.2)


def test_discriminator_sigma_gradient_as_the_authors():
    """official_sigma_grad (default): every spectrally normalized conv
    differentiates sigma with its latest call's vectors (checked against
    the authors' algorithm in test_archs); a D step (real, then fake)
    gives the same losses as per-call vectors but other weight
    gradients."""
    from mmi2i.models.archs import SpectralNormConv2d
    torch.manual_seed(0)
    official = SetPatchDiscriminator(base_channels=8)
    own = SetPatchDiscriminator(base_channels=8, official_sigma_grad=False)
    own.load_state_dict(official.state_dict())
    convs = {
        d: [m for m in d.modules() if isinstance(m, SpectralNormConv2d)]
        for d in (official, own)
    }
    assert len(convs[official]) == 8
    assert {m.sigma_grad_vectors for m in convs[official]} == {'latest'}
    assert {m.sigma_grad_vectors for m in convs[own]} == {'own'}
    img, masks = torch.randn(2, 3, 32, 32), _masks(2, 2)
    valid = torch.ones(2, 2, dtype=torch.bool)
    losses = []
    for d in (official, own):
        loss = (d(img, masks, valid) - 1).square().mean() + d(
            img.flip(-1), masks.flip(-1), valid).square().mean()
        loss.backward()
        losses.append(loss)
    torch.testing.assert_close(losses[0], losses[1])
    g = [d.img_features[0].weight_orig.grad for d in (official, own)]
    assert not torch.allclose(g[0], g[1], rtol=1e-4, atol=0)
    with pytest.raises(ValueError, match='official_sigma_grad'):
        SetPatchDiscriminator(base_channels=8, spectral_norm_on_output=False)
    SetPatchDiscriminator(base_channels=8, spectral_norm_on_output=False,
                          official_sigma_grad=False)


def _two_box_inputs(model, shapes_root, counts):
    """Preprocessed shapes batch (one image per domain) with ``counts``
    box masks per domain."""
    from utils import shapes_batch
    data = model.data_preprocessor(shapes_batch(shapes_root, n=1), True)
    inputs = data['inputs']
    for (d, n), y in zip(counts, (2, 12)):
        inputs[d]['masks'] = torch.zeros(1, n, 32, 32)
        for k in range(n):
            inputs[d]['masks'][0, k, y:y + 8, 4 + 9 * k:12 + 9 * k] = 1
        inputs[d]['valid'] = torch.ones(1, n, dtype=torch.bool)
    return inputs


@pytest.mark.parametrize('batch_calls', [False, True])
def test_each_loss_pairs_a_translation_with_its_own_source(
        shapes_root, batch_calls):
    """Direction a (sheep -> giraffe): D_giraffe judges G_ab(a), the
    context loss compares G_ab(a) with a's image under a's masks and their
    translations, and the next sequential step goes on from G_ab(a) (as
    the authors' code). Computed by hand from the networks."""
    model, _ = _model(ins_max=2, ins_per=1, batch_calls=batch_calls)
    model.eval()  # spectral norm's u stays put: D's calls can be repeated
    inputs = _two_box_inputs(model, shapes_root,
                             (('sheep', 2), ('giraffe', 1)))
    ctx = full_step(model)
    step = model.step_inputs(inputs, ctx, None, None)
    out = model.forward_train(step, ctx)  # with gradients: identity too
    g_losses = model.generator_loss(step, out, ctx)
    d_losses = model.discriminator_loss(step, out, ctx)
    out = {k: v.detach() for k, v in out.items()}
    with torch.no_grad():
        for x, gen, disc, src, tgt in (
                ('a', model.generator_ab, model.discriminator_b, 'sheep',
                 'giraffe'),
                ('b', model.generator_ba, model.discriminator_a, 'giraffe',
                 'sheep')):
            s = step[x]
            fake, fake_masks = gen(s['img'], s['masks'], s['sub_valid'])
            y = 'b' if x == 'a' else 'a'  # named by the domain it is in
            torch.testing.assert_close(out[f'fake_{y}'], fake)
            torch.testing.assert_close(out[f'fake_{y}_masks'], fake_masks)
            w = soft_context_weight(s['masks'], s['sub_valid'], fake_masks,
                                    s['sub_valid'])
            torch.testing.assert_close(
                g_losses[f'loss_ctx_{src}'].detach(),
                10 * (w * (fake - s['img']).abs()).mean())
            pred = disc(fake, fake_masks, s['sub_valid'])
            torch.testing.assert_close(  # batch_calls: rounding only
                g_losses[f'loss_gan_{tgt}'].detach(), ((pred - 1)**2).mean(),
                rtol=1e-5, atol=1e-5)
            # D_tgt: real images of tgt against this translation (the pool
            # returns it while not full)
            r = step['b' if x == 'a' else 'a']
            real = disc(r['real_img'], r['real_masks'], r['real_valid'])
            torch.testing.assert_close(
                d_losses[f'loss_disc_{tgt}'].detach(),
                0.5 * (((real - 1)**2).mean() + (pred**2).mean()),
                rtol=1e-5, atol=1e-5)
        nxt = model.step_inputs(inputs, full_step(model, step=1), step, out)
    # sheep has a second instance: its next step starts from G_ab(sheep)
    assert nxt['a']['active'].all() and not nxt['b']['active'].any()
    torch.testing.assert_close(nxt['a']['img'], out['fake_b'])
    torch.testing.assert_close(nxt['a']['agg'], out['fake_b_masks'])


def test_direction_without_instances_gives_its_discriminator_no_loss(
        shapes_root):
    from utils import shapes_batch
    model, cfg = _model(ins_max=4, ins_per=1)
    data = model.data_preprocessor(shapes_batch(shapes_root, n=1), True)
    inputs = data['inputs']
    # sheep has 1 instance, giraffe 3: step 1 has none left for sheep
    for d, n in (('sheep', 1), ('giraffe', 3)):
        inputs[d]['masks'] = torch.zeros(1, n, 32, 32)
        inputs[d]['masks'][0, :, 2:10, 2:10] = 1
        inputs[d]['valid'] = torch.ones(1, n, dtype=torch.bool)
    ctx = full_step(model)
    step0 = model.step_inputs(inputs, ctx, None, None)
    with torch.no_grad():
        out0 = model.forward_train(step0, ctx)
    ctx = full_step(model, step=1)
    step1 = model.step_inputs(inputs, ctx, step0, out0)
    assert not step1['a']['active'].any() and step1['b']['active'].all()
    # a (sheep -> giraffe) has nothing left: in one process it is skipped
    # as the authors' code does (forward_A false): no translation, no
    # loss, no call of D_giraffe (whose spectral norm therefore stays)
    assert step1['live'] == dict(a=False, b=True)
    # under DDP (networks wrapped: the loop's ctx.lockstep) both run
    import dataclasses
    locked = model.step_inputs(inputs, dataclasses.replace(ctx, lockstep=True),
                               step0, out0)
    assert locked['live'] == dict(a=True, b=True)
    u = {k: v.clone() for k, v in model.discriminator_b.state_dict().items()}
    out1 = model.forward_train(step1, ctx)  # with gradients: identity too
    # no G_AB(a) (fake_b); b's translation G_BA(b) and its cycle are there
    assert 'fake_b' not in out1 and 'fake_a' in out1 and 'rec_b' in out1
    assert set(model.generator_loss(step1, out1, ctx)) == {
        'loss_gan_sheep', 'loss_cycle_giraffe', 'loss_idt_giraffe',
        'loss_ctx_giraffe'}
    out1 = {k: v.detach() for k, v in out1.items()}
    losses = model.discriminator_loss(step1, out1, ctx)
    assert list(losses) == ['loss_disc_sheep'] and losses[
        'loss_disc_sheep'].item() > 0
    sum(losses.values()).backward()
    assert all(p.grad is None for p in model.discriminator_b.parameters())
    assert all(torch.equal(v, model.discriminator_b.state_dict()[k])
               for k, v in u.items())
    assert any(p.grad.abs().sum() > 0
               for p in model.discriminator_a.parameters())
    # the next step goes on from where a stood
    step2 = model.step_inputs(inputs, full_step(model, step=2), step1, out1)
    torch.testing.assert_close(step2['a']['img'], step1['a']['img'])


def test_mask_chunks_and_batched_calls_compute_the_same(shapes_root):
    """Masks in chunks and batched calls change float rounding only: one
    generator call to 1e-5, and the losses of a training iteration to 1e-5
    (later iterations drift further: Adam's first steps are ~lr *
    sign(grad), which amplifies rounding in near-zero gradients)."""
    import copy

    from utils import shapes_batch
    g = _gen()
    img, masks = torch.randn(2, 3, 32, 32), _masks(2, 3)
    valid = torch.tensor([[True, True, False], [True, True, True]])
    outs = {}
    with torch.no_grad():
        for chunk in (None, 1, 2):
            g.mask_chunk = chunk
            outs[chunk] = g(img, masks, valid)
    for key, out in outs.items():
        for a, b in zip(outs[None], out):
            torch.testing.assert_close(a, b, atol=1e-5, rtol=0,
                                       msg=lambda m, k=key: f'{k}: {m}')
    with pytest.raises(ValueError, match='mask_chunk'):
        InstaGANGenerator(base_channels=4, num_blocks=1, mask_chunk=0)
    data = shapes_batch(shapes_root, n=2)
    logs, state = [], None
    for fast in (False, True):
        model, cfg = _model(ins_max=3, ins_per=2, batch_calls=fast)
        for gen in (model.generator_ab, model.generator_ba):
            gen.mask_chunk = 1 if fast else None
        if state is None:
            state = copy.deepcopy(model.state_dict())
        model.load_state_dict(state)  # the same initial weights
        optim = TranslationOptimWrapperConstructor(cfg.optim_wrapper)(model)
        logs.append(model.train_step(copy.deepcopy(data), optim))
    assert logs[0].keys() == logs[1].keys()
    for k in logs[0]:
        assert logs[1][k].item() == pytest.approx(logs[0][k].item(),
                                                  abs=1e-5), k


def test_masks_are_chosen_after_the_crop(tmp_path):
    """The ins_max largest masks *after* crop/flip train (official)."""
    import numpy as np
    from PIL import Image

    from mmi2i.datasets import UnpairedInstanceDataset, translation_collate
    from mmi2i.datasets.converters import CocoWriter
    cfg = read_config(f'{REPO}/configs/instagan/sheep2giraffe.py')
    max_instances = cfg.train_dataloader.dataset.max_instances
    # the largest mask (box 0) lies mostly outside the centre crop
    boxes = [(0, 0, 11, 40), (14, 14, 22, 22), (24, 14, 30, 22),
             (14, 24, 19, 30)]
    for d in 'ab':
        os.makedirs(tmp_path / 'images' / f'{d}_train')
        Image.fromarray(np.zeros((40, 40, 3), np.uint8)).save(
            tmp_path / 'images' / f'{d}_train' / '0.png')
        w = CocoWriter([d])
        w.add_image('0.png', 40, 40)
        for box in boxes:
            m = np.zeros((40, 40), bool)
            m[box[1]:box[3], box[0]:box[2]] = True
            w.add_instance(1, d, mask=m)
        w.dump(str(tmp_path / 'annotations' / f'{d}_train.json'))
    ds = UnpairedInstanceDataset(
        ['a', 'b'], data_root=str(tmp_path), max_instances=max_instances,
        pipeline=[
            dict(type='LoadImageFromFile'), dict(type='LoadInstances'),
            dict(type='CenterCrop', crop_size=20),  # x, y in 10..30
            dict(type='PackTranslationInputs')])
    model, _ = _model(ins_max=3, ins_per=3, domains=('a', 'b'))
    data = model.data_preprocessor(translation_collate([ds[0]]), True)
    step = model.step_inputs(data['inputs'], full_step(model), None, None)
    areas = ((step['a']['real_masks'] > 0).sum((2, 3)))[0].tolist()
    assert areas == [64, 48, 30]  # not box 0 (largest before the crop)
