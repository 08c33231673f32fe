from .instagan import InstaGAN
from .losses import (binary_union, context_weight, set_channels,
                     soft_context_weight)
from .networks import InstaGANGenerator, SetPatchDiscriminator

__all__ = [
    'InstaGAN', 'InstaGANGenerator',
    'SetPatchDiscriminator', 'context_weight', 'binary_union',
    'soft_context_weight', 'set_channels'
]
