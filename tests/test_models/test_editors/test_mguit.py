"""MGUIT: the memory against the equations on tiny tensors (eqs. 2-6,
8), class routing from boxes, and the model: the update schedule, memory
updated in training only, test-time read without boxes, styles."""
import math

import pytest
import torch

from mmi2i.engine import TranslationOptimWrapperConstructor
from mmi2i.models.editors.mguit import (ClassAwareMemory, class_map,
                                        feature_contrastive, key_similarity,
                                        read_memory, read_weights,
                                        update_memory, update_weights)
from mmi2i.models.losses import FeatureContrastiveLoss
from utils import full_step

E = math.e


def test_read_by_hand():
    keys = torch.tensor([[1.0, 0.0], [0.0, 2.0]])
    c = torch.tensor([[3.0, 0.0]])  # cosine 1 with k1, 0 with k2
    alpha = read_weights(c, keys)
    torch.testing.assert_close(alpha, torch.tensor([[E / (E + 1),
                                                     1 / (E + 1)]]))
    values = torch.tensor([[1.0, 1.0], [-1.0, 3.0]])
    expected = (E * values[0] + values[1]) / (E + 1)
    torch.testing.assert_close(read_memory(c, keys, values)[0], expected)


def test_update_by_hand():
    keys = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    cx = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    beta = update_weights(cx, keys)
    # softmax over the queries: columns sum to 1
    torch.testing.assert_close(beta.sum(0), torch.ones(2))
    assert beta[0, 0] == pytest.approx(E / (E + 1))
    sx = torch.tensor([[2.0, 0.0], [0.0, 2.0]])
    empty = torch.zeros(0, 2)
    k, vx, vy = update_memory(keys, keys.clone(), keys.clone(), cx, sx,
                              empty, empty)
    # k1 + beta_11 c1 + beta_21 c2, then L2-normalized
    raw = keys[0] + beta[0, 0] * cx[0] + beta[1, 0] * cx[1]
    torch.testing.assert_close(k[0], raw / raw.norm())
    raw_v = keys[0] + beta[0, 0] * sx[0] + beta[1, 0] * sx[1]
    torch.testing.assert_close(vx[0], raw_v / raw_v.norm())
    # no y features: y values only renormalized
    torch.testing.assert_close(vy, keys)


def test_nearest_update_rule_by_hand_and_no_collapse():
    keys = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    cx = torch.tensor([[1.0, 0.0], [0.0, 1.0], [2.0, 1.0]])
    beta = update_weights(cx, keys, 'nearest')
    full = update_weights(cx, keys)
    # queries 0 and 2 address item 0, query 1 item 1; beta keeps the
    # softmax over all queries where the item is the nearest
    torch.testing.assert_close(beta[:, 0], full[:, 0] * torch.tensor(
        [1.0, 0.0, 1.0]))
    torch.testing.assert_close(beta[:, 1], full[:, 1] * torch.tensor(
        [0.0, 1.0, 0.0]))
    empty = torch.zeros(0, 2)
    k, _, _ = update_memory(keys, keys, keys, cx, cx, empty, empty,
                            'nearest')
    raw = keys[1] + beta[1, 1] * cx[1]
    torch.testing.assert_close(k[1], raw / raw.norm())
    # two clusters of queries: with every query on every item ('all') the
    # two items of the class merge; with 'nearest' they stay apart
    torch.manual_seed(0)
    q = torch.cat([torch.tensor([1.0, 0.0]) + 0.1 * torch.randn(20, 2),
                   torch.tensor([0.0, 1.0]) + 0.1 * torch.randn(20, 2)])
    for rule, merged in (('all', True), ('nearest', False)):
        k = keys.clone()
        for _ in range(20):
            k, _, _ = update_memory(k, k, k, q, q, empty, empty, rule)
        cos = (k[0] @ k[1]).item()
        assert (cos > 0.99) == merged, (rule, cos)


def test_key_similarity_by_hand():
    keys = torch.tensor([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    s = key_similarity(keys, [2, 1])
    assert s['within'] == pytest.approx(1.0)  # the two class-0 keys
    assert s['between'] == pytest.approx(0.0)
    assert s['all'] == pytest.approx(2 / 6)  # 2 of 6 ordered pairs


def test_feature_contrastive_by_hand():
    items = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    q = torch.tensor([[1.0, 0.0]])  # nearest: item 0
    tau = 0.5
    expected = -math.log(math.exp(1 / tau) / (math.exp(1 / tau) + 1))
    assert feature_contrastive(q, items, tau).item() == pytest.approx(
        expected)
    # a sum over queries
    assert feature_contrastive(q.repeat(3, 1), items, tau).item() == \
        pytest.approx(3 * expected)


def test_class_aware_routing_and_state():
    torch.manual_seed(0)
    mem = ClassAwareMemory([2, 1], channels=4, domains=('x', 'y'))
    assert mem.keys.shape == (3, 4)
    assert {n for n, _ in mem.named_buffers()} == {'keys', 'values_x',
                                                   'values_y'}
    c = torch.randn(5, 4)
    classes = torch.tensor([0, 1, 0, 1, 1])
    out = mem.read(c, 'y', classes)
    # class 1 has one item: its queries read exactly that value
    for p in (1, 3, 4):
        torch.testing.assert_close(out[p], mem.values_y[2])
    # class 0 reads only its two items
    torch.testing.assert_close(
        out[0], read_memory(c[:1], mem.keys[:2], mem.values_y[:2])[0])
    # test time: every item, no classes
    assert not torch.allclose(mem.read(c, 'y')[1], mem.values_y[2])
    before = mem.keys.clone()
    feats = {'x': (c, c), 'y': (c[:0], c[:0])}
    mem.update(feats, {'x': torch.zeros(5, dtype=torch.long),
                       'y': torch.zeros(0, dtype=torch.long)})
    assert not torch.equal(mem.keys[:2], before[:2])  # class 0 updated
    torch.testing.assert_close(mem.keys[2], before[2])  # class 1 untouched
    state = mem.state_dict()
    other = ClassAwareMemory([2, 1], channels=4, domains=('x', 'y'))
    other.load_state_dict(state)
    torch.testing.assert_close(other.keys, mem.keys)


def test_unknown_class_ids_are_refused():
    mem = ClassAwareMemory([2, 1], channels=4, domains=('x', 'y'))
    with pytest.raises(IndexError, match='class id 2 has no memory items'):
        mem.read(torch.randn(1, 4), 'y', torch.tensor([2]))


def test_class_map_by_hand():
    # 8x8 image, 4x4 map (cells of 2 px, centres at 1, 3, 5, 7)
    boxes = torch.tensor([[[0., 0., 8., 4.], [2., 0., 4., 2.],
                           [0., 0., 0., 0.]]])
    labels = torch.tensor([[0, 1, -1]])  # the padded slot is ignored
    m = class_map(boxes, labels, (4, 4), (8, 8))[0]
    expected = torch.tensor([[1, 2, 1, 1],  # the small box (label 1) wins
                             [1, 1, 1, 1],
                             [0, 0, 0, 0],
                             [0, 0, 0, 0]])
    torch.testing.assert_close(m, expected)


def test_classwise_contrastive_by_hand():
    torch.manual_seed(0)
    mem = ClassAwareMemory([2, 1], channels=3, domains=('x', 'y'),
                           value_channels=2)
    c, s = torch.randn(4, 3), torch.randn(4, 2)
    classes = torch.tensor([0, 0, 1, 0])
    loss = FeatureContrastiveLoss(loss_weight=1.0, tau=0.5)
    k, v = mem.contrastive(c, s, classes, 'y', loss, loss)
    rows = classes == 0
    near = (torch.nn.functional.normalize(c[rows], dim=1)
            @ mem.keys[:2].t()).argmax(1)
    exp_k = feature_contrastive(c[rows], mem.keys[:2], 0.5, 'sum', near)
    exp_v = feature_contrastive(s[rows], mem.values_y[:2], 0.5, 'sum', near)
    # class 1 has one item: its loss is log(1) = 0
    torch.testing.assert_close(k, exp_k / 4)
    torch.testing.assert_close(v, exp_v / 4)


def _mguit(root, **model):
    from test_models.test_editors.test_munit import build_model
    return build_model(root, config='configs/mguit/shapes.py', **model)


def _batch(root, n=2):
    from utils import domains_batch
    return domains_batch(root, ('grass', 'snow'), n,
                         classes=('sheep', 'giraffe'))


def test_train_step_schedule_memory_and_losses(shapes_multi_root):
    from test_models.test_editors.test_drit import _step
    from test_models.test_editors.test_munit import _moved, _snapshot
    torch.manual_seed(0)
    model, cfg = _mguit(shapes_multi_root)
    optim = TranslationOptimWrapperConstructor(cfg.optim_wrapper)(model)
    data = _batch(shapes_multi_root)
    inputs = model.data_preprocessor(data, True)['inputs']
    assert (inputs['grass']['labels'] >= 0).any()  # boxes come labelled
    mem0 = {k: v.clone() for k, v in model.memory.state_dict().items()}
    logs = _step(model, optim, data, 0)
    assert set(logs) == {'loss_disc_content', 'loss_d'}
    # the content discriminator's iterations leave the memory alone
    for k, v in model.memory.state_dict().items():
        assert torch.equal(v, mem0[k]), k
    before = _snapshot(model)
    logs = _step(model, optim, data, 2)
    assert all(torch.isfinite(v) for v in logs.values()), logs
    for d in ('grass', 'snow'):
        for key in ('gan', 'content_adv', 'kl_style', 'kl_content',
                    'self_recon', 'cross_cycle', 'content_cycle', 'key_con',
                    'value_con', 'disc'):
            assert f'loss_{key}_{d}' in logs, key
    kinds = ('content_encoder', 'style_encoder', 'decoder', 'discriminator')
    assert _moved(model, before) == {
        f'{k}_{d}' for k in kinds for d in ('grass', 'snow')} | {
            'content_shared', 'decoder_shared', 'decoder_trunk',
            'content_discriminator'}
    # the full iteration updated keys and both domains' values, which stay
    # unit vectors (eq. 6)
    for k, v in model.memory.state_dict().items():
        assert not torch.equal(v, mem0[k]), k
        torch.testing.assert_close(v.norm(dim=1), torch.ones(len(v)))


def test_style_encoder_trained_by_value_loss_only(shapes_multi_root):
    """As in the paper and the released code, styles reach the generator
    only through the memory: the style encoder's gradient comes from the
    value contrastive loss (and the KL), not from the images."""
    torch.manual_seed(0)
    model, _ = _mguit(shapes_multi_root)
    ctx = full_step(model)
    inputs = model.data_preprocessor(_batch(shapes_multi_root),
                                     True)['inputs']
    out = model.forward_train(inputs, ctx)
    losses = model.generator_loss(inputs, out, ctx)
    enc = model.net('style_encoder', 'grass')

    def grads(name):
        model.zero_grad()
        losses[name].backward(retain_graph=True)
        return any(p.grad is not None and p.grad.any()
                   for p in enc.parameters())

    assert not grads('loss_self_recon_grass')
    assert not grads('loss_cross_cycle_grass')
    assert grads('loss_value_con_grass')
    # while the read weights carry the images' gradient to the content
    model.zero_grad()
    losses['loss_self_recon_grass'].backward(retain_graph=True)
    assert any(p.grad is not None and p.grad.any()
               for p in model.net('content_encoder', 'grass').parameters())


def test_inference_reads_memory_without_boxes(shapes_multi_root):
    torch.manual_seed(0)
    model, _ = _mguit(shapes_multi_root)
    model.eval()
    data = model.data_preprocessor(_batch(shapes_multi_root), False)
    mem0 = {k: v.clone() for k, v in model.memory.state_dict().items()}
    preds = model.predict(data['inputs'], data['data_samples'])
    assert len(preds) == 2 * 2  # the memory read: one per image and target
    assert all('pred_style' not in p for p in preds)
    # boxes and labels do not matter at test time
    for inp in data['inputs'].values():
        inp['boxes'].zero_()
        inp['labels'].fill_(-1)
    again = model.predict(data['inputs'], data['data_samples'])
    for p, q in zip(preds, again):
        assert torch.equal(p.pred_img, q.pred_img)
    img = data['inputs']['grass']['img']
    with torch.no_grad():
        out = model.translate(img, 'grass', 'snow')['img']
        # the memory's values given as a style are the same translation
        values = model.memory.values_snow.flatten()[None].expand(2, -1)
        same = model.translate(img, 'grass', 'snow', style=values)['img']
    torch.testing.assert_close(out, same)
    for k, v in model.memory.state_dict().items():
        assert torch.equal(v, mem0[k]), k
    # K random value sets, and a reference image's pooled values
    model.test_num_styles = 2
    preds = model.predict(data['inputs'], data['data_samples'])
    assert len(preds) == 2 * 2 * 2
    n_items = sum(model.memory.items_per_class)
    assert preds[0].pred_style.shape == (n_items * 32, )
    ref = model.encode_style(data['inputs']['snow']['img'], 'snow')
    assert ref.shape == (2, n_items * 32)
    torch.testing.assert_close(
        ref.reshape(2, n_items, 32).norm(dim=2), torch.ones(2, n_items))
    with pytest.raises(ValueError, match='style'):
        model.predict(data['inputs'], data['data_samples'],
                      styles=[torch.zeros(7)])


def test_label_without_memory_items_is_a_clear_error(shapes_multi_root):
    """Built without the data's classes (configs give them, and then the
    build checks: test_memory_items_are_checked_against_the_data_classes),
    a label the memory has no items for is a clear error at run time."""
    model, _ = _mguit(shapes_multi_root, classes=None,
                      memory=dict(items_per_class=(2, 1), value_channels=32))
    ctx = full_step(model)
    inputs = model.data_preprocessor(_batch(shapes_multi_root),
                                     True)['inputs']
    inputs['grass']['labels'][0, 0] = 1
    inputs['grass']['valid'][0, 0] = True
    with pytest.raises(ValueError, match='items for 1 classes'):
        model.forward_train(inputs, ctx)


def test_parameter_counts_match_the_public_code():
    """Counted layer by layer from somijeong/MGUIT networks.py (kdim 256,
    vdim 128)."""
    from test_models.test_editors.test_munit import _counts
    n = _counts('configs/_base_/models/mguit.py')
    # E_attr: conv4 3-64, BasicBlock 64-128, 128-128 (mean pool),
    # BasicBlock4 128-128
    assert n['style_encoder_A'] == 3136 + 119104 + 311680 + 311680
    # G: shared INSResBlock(256), 3 INSResBlock(384) and convT 512-256
    # with its LayerNorm (512); per domain convT 384-192 with its
    # LayerNorm (384) and convT 1x1 320-3 (issue #26, 2: instance norms
    # left 896 parameters out)
    assert n['decoder_shared'] == 1180160
    assert n['decoder_trunk'] == 3 * 2654976 + 1179904 + 512
    assert n['decoder_B'] == 663744 + 384 + 963
    assert n['content_encoder_A'] == 9472 + 73856 + 295168 + 3 * 1180160
    assert n['discriminator_A'] == 8271171


def test_contrastive_losses_removable(shapes_multi_root):
    """The ablation config: key_con / value_con left out."""
    torch.manual_seed(0)
    model, _ = _mguit(shapes_multi_root,
                      loss_overrides=dict(key_con=None, value_con=None))
    ctx = full_step(model)
    inputs = model.data_preprocessor(_batch(shapes_multi_root),
                                     True)['inputs']
    losses = model.generator_loss(inputs, model.forward_train(inputs, ctx),
                                  ctx)
    assert not any('_con_' in k for k in losses)
    assert 'loss_self_recon_grass' in losses


def test_memory_items_are_checked_against_the_data_classes():
    """items_per_class (background first) was tied to the classes by hand
    and silently; the model now gets the data's classes and checks."""
    import os.path as osp

    from mmengine.registry import DefaultScope

    from mmi2i.apis import read_config
    from mmi2i.registry import MODELS
    from utils import REPO
    path = osp.join(REPO, 'configs/mguit/shapes.py')
    cfg = read_config(path)
    assert cfg.model.classes == ['sheep', 'giraffe']
    cfg = read_config(path, {'classes': ['sheep', 'giraffe', 'cow']})
    with pytest.raises(ValueError, match=r'items_per_class \(4, 2, 2\) has 3 '
                       r'entries, but the data has 3 classes'):
        with DefaultScope.overwrite_default_scope('mmi2i'):
            MODELS.build(cfg.model)


def test_released_decoder_noise_and_generator_gan_term(shapes_multi_root):
    """Issue #26, 1 and 3: the released decoder adds 0.1 x N(0, 1) (ours
    added N(0, 1)), and its generator GAN term is one BCE mean over the
    translation and the random translation (half each; ours summed)."""
    from mmi2i.models.archs import SharedDecoderLayer
    layer = SharedDecoderLayer(4, noise=True, noise_std=0.1)
    layer.block = torch.nn.Identity()
    x = torch.zeros(1, 4, 128, 128)
    assert abs(float(layer.train()(x).std()) - 0.1) < 0.005
    assert torch.equal(layer.eval()(x), x)
    from mmi2i.apis import read_config
    from utils import REPO
    cfg = read_config(f'{REPO}/configs/mguit/sunny2night.py')
    assert cfg.model.shared_networks.decoder_shared.noise_std == 0.1
    model, _ = _mguit(shapes_multi_root)
    assert model.decoder_shared.noise_std == 0.1

    class Half(torch.nn.Module):  # a GAN loss of 1 per call
        def forward(self, preds, target, is_disc=False):
            return torch.ones(())

    model.losses['gan'] = Half()
    inputs = model.data_preprocessor(_batch(shapes_multi_root), True)[
        'inputs']
    from mmi2i.models.base_models import StepContext
    ctx = StepContext(stage='train', generator_groups=('generators', ),
                      discriminator_groups=('discriminators', ),
                      iteration=2)
    with torch.no_grad():
        outputs = model.forward_train(inputs, ctx)
        losses = model.generator_loss(inputs, outputs, ctx)
    assert float(losses['loss_gan_grass']) == 1.0
