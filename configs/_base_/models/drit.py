# DRIT++ (HsinYingLee/DRIT, concat=1, dis_scale 3, no spectral norm):
# content encoders (conv7, 2 stride-2 convs, 3 residual blocks) and a
# shared residual layer with Gaussian noise; VAE attribute encoders
# (nz 8); decoders that concatenate the attribute code, after a shared
# residual layer; per domain two multi-scale discriminators (encoded /
# random attributes, LeakyReLU 0.01) and one content discriminator.
# Losses: gan 1 (BCE), content_adv 1, cross_cycle 10, self_recon 10,
# kl_attr 0.01 (a sum), kl_content 0.01, latent 10, mode_seeking 1.
model = dict(
    type='DRIT',
    style_dim=8,
    d_iter=3,
    networks=dict(
        content_encoder=dict(
            type='DRITContentEncoder',
            base_channels=64,
            num_downsample=2,
            num_res=3),
        style_encoder=dict(type='AttributeEncoder', base_channels=64),
        decoder=dict(
            type='ConcatDecoder',
            num_res=3,
            num_upsample=2),
        discriminator=dict(
            type='MsImageDiscriminator', base_channels=64, lrelu_slope=0.01),
        discriminator2=dict(
            type='MsImageDiscriminator', base_channels=64,
            lrelu_slope=0.01)),
    # the content width of the decoders and shared layers (in_channels,
    # channels, content_channels) is the content encoder's, filled in
    shared_networks=dict(
        content_shared=dict(type='SharedContentLayer'),
        decoder_shared=dict(type='SharedDecoderLayer'),
        content_discriminator=dict(type='ContentDiscriminator',
                                   channels=256)),
    test_num_styles=1,
    data_preprocessor=dict(type='TranslationDataPreprocessor'))
