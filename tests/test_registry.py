import pytest
import torch.nn as nn
from mmengine.registry import MODELS as MMENGINE_MODELS

from mmi2i.registry import (BACKBONES, DISCRIMINATORS, GENERATORS, LOSSES,
                            MODELS)


def test_children_of_models():
    for reg in (GENERATORS, DISCRIMINATORS, BACKBONES, LOSSES):
        assert reg.parent is MODELS
    assert MODELS.parent is MMENGINE_MODELS


def test_nested_type_resolves_from_child_registry():
    @GENERATORS.register_module(force=True)
    class _RegistryTestGen(nn.Module):

        def __init__(self, width=3):
            super().__init__()
            self.width = width

    # found by MODELS (nested model configs) and by the root under the scope
    assert MODELS.get('_RegistryTestGen') is _RegistryTestGen
    gen = MODELS.build(dict(type='_RegistryTestGen', width=5))
    assert gen.width == 5
    from mmengine import DefaultScope
    with DefaultScope.overwrite_default_scope('mmi2i'):
        gen = MMENGINE_MODELS.build(dict(type='_RegistryTestGen'))
    assert isinstance(gen, _RegistryTestGen)


def test_unknown_type_is_an_error():
    with pytest.raises(KeyError, match='NoSuchGenerator'):
        MODELS.build(dict(type='NoSuchGenerator'))
