from . import losses
from .mask_morph import (MaskMorphGenerator, MiniIncepBlock,
                         MultiScaleMaskDiscriminator, instance_features)

__all__ = [
    'MaskMorphGenerator', 'MultiScaleMaskDiscriminator', 'MiniIncepBlock',
    'instance_features', 'losses'
]
