# MGUIT (somijeong/MGUIT, the released training code; CVPR 2021 paper):
# DRIT's content encoders (conv7, 2 stride-2 convs, 3 residual blocks) and
# shared residual layer (no noise; contents L2-normalized per pixel: the
# memory queries); style encoders giving a 128-channel style map at the
# content's resolution; a generator concatenating the style map at every
# stage (layer-norm upsampling), its first layer (0.1 x N(0, 1) noise,
# residual block), residual blocks and first upsampling shared by the
# domains, the
# last upsampling and output per domain; one 3-scale discriminator per domain
# and the content discriminator. Memory: keys of 256 channels, values of
# 128; items per class, background first (INIT data: background 10, car 5,
# person 3, traffic sign 2). Losses: gan 1, content_adv 1, self_recon 10,
# cross_cycle 50, content_cycle 1, kl_style / kl_content 0.01, key_con 1,
# value_con 0.5 (eq. 8, tau 0.1: our choice, the paper gives none).
model = dict(
    type='MGUIT',
    d_iter=3,
    memory=dict(
        items_per_class=(10, 5, 3, 2),
        value_channels=128,
        update_rule='nearest'),
    networks=dict(
        content_encoder=dict(
            type='DRITContentEncoder',
            base_channels=64,
            num_downsample=2,
            num_res=3),
        style_encoder=dict(type='SpatialAttributeEncoder', base_channels=64),
        decoder=dict(  # the per-domain head: last upsampling, output
            type='ConcatDecoder',
            num_res=0,
            num_upsample=1,
            upsample_norm='ln'),
        discriminator=dict(
            type='MsImageDiscriminator', base_channels=64,
            lrelu_slope=0.01)),
    # the content width of the shared layers, trunk and content
    # discriminator is the content encoder's, filled in by the model
    shared_networks=dict(
        content_shared=dict(type='SharedContentLayer', noise=False),
        decoder_shared=dict(type='SharedDecoderLayer', noise=True,
                            noise_std=0.1),
        decoder_trunk=dict(  # shared: 3 residual blocks, first upsampling
            type='ConcatDecoder',
            out_channels=None,
            num_res=3,
            num_upsample=1,
            upsample_norm='ln'),
        content_discriminator=dict(
            type='ContentDiscriminator', channels=256)),
    test_num_styles=1,
    data_preprocessor=dict(type='TranslationDataPreprocessor'))
