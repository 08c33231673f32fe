# CGL (paper §4; no public code): per branch (global images, instances) a
# content encoder (conv7, two 4x4 stride-2 convs, 4 residual blocks, IN),
# a style encoder (conv7, four 4x4 stride-2 convs, global pooling, FC 8)
# seeing the image's domain label, an AdaIN generator (4 residual blocks,
# two nearest upsamplings + conv5, MLP 256-256-4096 on the style and the
# target label) and a PatchGAN (six 4x4 stride-2 convs, LeakyReLU 0.2, a
# 1x1 adversarial head and a 4x4 classification head: 256px images);
# Kaiming init for encoders / decoders, Gaussian for discriminators.
# Instances cropped to 128x128 and judged by a 5-layer PatchGAN (4x4 map).
# WGAN-GP (10), classification 1, reconstructions 10, code recovery 1.
model = dict(
    type='CGL',
    style_dim=8,
    obj_size=128,
    networks=dict(
        content_encoder=dict(
            type='ContentEncoder', base_channels=64, num_downsample=2,
            num_res=4),
        style_encoder=dict(
            type='StyleEncoder', base_channels=64, num_downsample=4),
        decoder=dict(
            type='AdaINDecoder', num_upsample=2,
            num_res=4, mlp_dim=256),
        discriminator=dict(
            type='ClassifierPatchDiscriminator', image_size=256,
            base_channels=64, num_layers=6, src_kernel=1, lrelu_slope=0.2)),
    discriminator_o=dict(
        type='ClassifierPatchDiscriminator', image_size=128, base_channels=64,
        num_layers=5, src_kernel=1, lrelu_slope=0.2),
    test_num_styles=1,
    data_preprocessor=dict(type='TranslationDataPreprocessor'))
