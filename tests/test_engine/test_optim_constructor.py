import pytest
import torch.nn as nn

from mmi2i.engine import TranslationOptimWrapperConstructor

ADAM = dict(optimizer=dict(type='Adam', lr=1e-3))


class TwoPlayers(nn.Module):
    optim_group_prefixes = dict(generators=('generator', ),
                                discriminators=('discriminator', ))

    def __init__(self, extra=False):
        super().__init__()
        self.generator_ab = nn.Linear(2, 2)
        self.discriminator_a = nn.Linear(2, 1)
        self.loss = nn.MSELoss()
        if extra:
            self.mystery = nn.Linear(2, 2)


def test_groups_by_prefix():
    model = TwoPlayers()
    optim = TranslationOptimWrapperConstructor(
        dict(constructor='x', generators=ADAM, discriminators=ADAM))(model)
    g = optim['generators'].optimizer.param_groups[0]['params']
    assert {id(p) for p in g} == {id(p) for p in
                                  model.generator_ab.parameters()}


def test_orphan_network_is_an_error():
    with pytest.raises(ValueError, match=r"\['mystery'\]"):
        TranslationOptimWrapperConstructor(
            dict(generators=ADAM, discriminators=ADAM))(TwoPlayers(True))
    optim = TranslationOptimWrapperConstructor(
        dict(generators=dict(ADAM, modules=['generator_ab', 'mystery']),
             discriminators=ADAM))(TwoPlayers(True))
    assert len(optim['generators'].optimizer.param_groups[0]['params']) == 4


def test_unknown_group_and_module():
    with pytest.raises(KeyError, match='critics'):
        TranslationOptimWrapperConstructor(dict(critics=ADAM))(TwoPlayers())
    with pytest.raises(KeyError, match='nope'):
        TranslationOptimWrapperConstructor(
            dict(generators=dict(ADAM, modules=['nope'])))(TwoPlayers())
