from .attribute_concat import (AttributeEncoder, ConcatDecoder,
                               ContentDiscriminator, DRITContentEncoder,
                               SharedContentLayer, SharedDecoderLayer,
                               SpatialAttributeEncoder,
                               concat_decoder_channels, reparameterize)
from .content_style import (AdaINDecoder, ContentEncoder, LayerNorm2d,
                            MsImageDiscriminator, StyleEncoder, adain,
                            split_adain_params)
from .cpu_conv import cpu_forms_in_float64
from .image_pool import ImagePool
from .patch_discriminator import (ClassifierPatchDiscriminator,
                                  PatchDiscriminator, patch_layers)
from .resnet_generator import (ResidualBlock, ResnetDecoder, ResnetEncoder,
                               ResnetGenerator)
from .spade import SPADE, MultiScaleDiscriminator, SPADEResBlock
from .spectral_norm_conv import SpectralNormConv2d
from .tap_conv_transpose import TapConvTranspose2d, tap_conv_transpose2d
from .thin_conv import ThinConv2d, thin_conv2d
from .utils import (GANInitModule, InstanceNorm2d, build_norm, build_padding,
                    init_gan_weights)
from .winograd_conv import (WinogradConv2d, winograd_conv2d,
                            winograd_weight_cache)

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
    'concat_decoder_channels', 'ThinConv2d', 'thin_conv2d',
    'WinogradConv2d', 'winograd_conv2d', 'winograd_weight_cache',
    'TapConvTranspose2d', 'tap_conv_transpose2d', 'InstanceNorm2d',
    'SpectralNormConv2d', 'cpu_forms_in_float64'
]
