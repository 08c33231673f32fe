"""MGUIT's memory against the equations on tiny tensors (eqs. 2-6, 8)."""
import math

import pytest
import torch

from mmi2i.models.editors.mguit import (ClassAwareMemory, feature_contrastive,
                                        read_memory, read_weights,
                                        update_memory, update_weights)

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
