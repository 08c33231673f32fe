"""A misspelt loss key is an error with a did-you-mean."""
import pytest
from mmengine.registry import DefaultScope

from mmi2i.registry import MODELS
from utils import tiny_cfg


@pytest.mark.parametrize('config', ['configs/cyclegan/shapes.py',
                                    'configs/instagan/shapes.py'])
def test_misspelt_loss_key(config):
    cfg = tiny_cfg(config, '', 'unused')
    cfg.model.losses = dict(cfg.model.get('losses') or dict(
        gan=dict(type='GANLoss', gan_type='lsgan')))
    cfg.model.losses['identiy'] = dict(type='L1Loss', loss_weight=1.0)
    with DefaultScope.overwrite_default_scope('mmi2i'):
        with pytest.raises(KeyError, match="no loss 'identiy'; did you "
                           "mean 'identity'"):
            MODELS.build(cfg.model)
