from .instagan import InstaGAN, default_instagan_losses
from .losses import binary_union, context_weight
from .networks import InstaGANGenerator, SetPatchDiscriminator

__all__ = [
    'InstaGAN', 'default_instagan_losses', 'InstaGANGenerator',
    'SetPatchDiscriminator', 'context_weight', 'binary_union'
]
