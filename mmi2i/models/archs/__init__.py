from .content_style import (AdaINDecoder, ContentEncoder, LayerNorm2d,
                            MsImageDiscriminator, StyleEncoder, adain,
                            split_adain_params)
from .drit_networks import (AttributeEncoder, ConcatDecoder,
                            ContentDiscriminator, DRITContentEncoder,
                            SharedContentLayer, SharedDecoderLayer,
                            SpatialAttributeEncoder, concat_decoder_channels,
                            reparameterize)
from .image_pool import ImagePool
from .patch_discriminator import (ClassifierPatchDiscriminator,
                                  PatchDiscriminator, patch_layers)
from .resnet_generator import (ResidualBlock, ResnetDecoder, ResnetEncoder,
                               ResnetGenerator)
from .spade import SPADE, MultiScaleDiscriminator, SPADEResBlock
from .spectral_norm_conv import SpectralNormConv2d
from .utils import (GANInitModule, InstanceNorm2d, build_norm, build_padding,
                    init_gan_weights)

__all__ = [
    'ImagePool', 'PatchDiscriminator', 'ClassifierPatchDiscriminator',
    'patch_layers', 'ResidualBlock',
    'ResnetEncoder', 'ResnetDecoder', 'ResnetGenerator', 'build_norm',
    'build_padding', 'init_gan_weights', 'GANInitModule', 'SPADE',
    'SPADEResBlock', 'MultiScaleDiscriminator', 'AdaINDecoder',
    'ContentEncoder', 'LayerNorm2d', 'MsImageDiscriminator', 'StyleEncoder',
    'adain', 'split_adain_params', 'AttributeEncoder', 'ConcatDecoder',
    'ContentDiscriminator', 'DRITContentEncoder', 'SharedContentLayer',
    'SharedDecoderLayer', 'SpatialAttributeEncoder', 'reparameterize',
    'concat_decoder_channels', 'InstanceNorm2d', 'SpectralNormConv2d'
]
