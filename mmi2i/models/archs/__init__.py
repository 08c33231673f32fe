from .image_pool import ImagePool
from .patch_discriminator import PatchDiscriminator, patch_layers
from .resnet_generator import (ResidualBlock, ResnetDecoder, ResnetEncoder,
                               ResnetGenerator)
from .utils import GANInitModule, build_norm, build_padding, init_gan_weights

__all__ = [
    'ImagePool', 'PatchDiscriminator', 'patch_layers', 'ResidualBlock',
    'ResnetEncoder', 'ResnetDecoder', 'ResnetGenerator', 'build_norm',
    'build_padding', 'init_gan_weights', 'GANInitModule'
]
