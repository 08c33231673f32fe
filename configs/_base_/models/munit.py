# MUNIT, the public code's defaults (NVlabs/MUNIT configs/*_folder.yaml):
# content encoder dim 64, 2 downsamplings, 4 residual blocks (IN); style
# encoder 4 downsamplings, global pool, style_dim 8; AdaIN decoder with an
# MLP 256 x 3; multi-scale LSGAN discriminator (3 scales, 4 layers, dim 64,
# LeakyReLU 0.2, no norm); reflect padding everywhere. Losses: gan 1,
# recon_x 10, recon_s 1, recon_c 1 (recon_x_cyc 0: add `cycle` to use it).
model = dict(
    type='MUNIT',
    style_dim=8,
    networks=dict(
        content_encoder=dict(
            type='ContentEncoder',
            base_channels=64,
            num_downsample=2,
            num_res=4),
        style_encoder=dict(
            type='StyleEncoder', base_channels=64, num_downsample=4),
        decoder=dict(  # its content_channels: the content encoder's width
            type='AdaINDecoder',
            num_upsample=2,
            num_res=4,
            mlp_dim=256),
        discriminator=dict(
            type='MsImageDiscriminator',
            base_channels=64,
            num_layers=4,
            num_scales=3,
            lrelu_slope=0.2)),
    # translations per test image (random styles), for LPIPS/CIS
    test_num_styles=1,
    data_preprocessor=dict(type='TranslationDataPreprocessor'))
